using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansAgents.Hosting;
using OrleansAgents.SiloHost.Configuration;

namespace OrleansAgents.SiloHost;

/// <summary>
/// The command <c>gateway --http URL</c>: the HTTP API in a process of its own that reaches a cluster through the Orleans
/// client (<c>UseOrleansClient</c>) instead of hosting a silo. It finds the cluster the way a silo of the same
/// configuration would join it (<c>OrleansAgents:Storage:Provider</c>: Memory = the silo's gateway port on this machine,
/// Postgres / Redis = the membership table), keeps trying while no silo answers, and writes <c>ready: gateway http URL,
/// cluster ID, service ID</c> once it serves. Exit codes as the silo's: 0 after Ctrl+C / SIGTERM, 2 invalid configuration,
/// 3 start-up failure.
/// </summary>
internal static class GatewayCommand
{
    /// <summary>The command's name, the first argument.</summary>
    public const string Name = "gateway";

    private static readonly TimeSpan ConnectRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>Whether the command line asks for the command.</summary>
    public static bool IsRequested(string[] args) => args.Length > 0 && string.Equals(args[0], Name, StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs the gateway with the options that follow the command's name (same sources as the silo's).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Action<IHostApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        WebApplication app;
        SiloHostOptions silo;
        try
        {
            var normalized = CommandLineSwitches.Normalize(args[1..]);
            var urls = SiloHostBuilder.HttpUrls(normalized)
                ?? throw new InvalidOperationException($"The '{Name}' command serves HTTP: give {CommandLineSwitches.HttpSwitch} URL (or {CommandLineSwitches.HttpUrlsKey}).");
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = normalized, ContentRootPath = AppContext.BaseDirectory });
            builder.Logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss.fff ";
            });
            configure?.Invoke(builder);
            silo = builder.Configuration.ReadSection<SiloHostOptions>(SiloHostOptions.SectionName);
            var backend = StorageBackend.Read(builder.Configuration, builder.Configuration.ReadSection<SiloStorageOptions>(SiloStorageOptions.SectionName));
            builder.UseOrleansClient(client => ConfigureClient(client, silo, backend));
            builder.WebHost.UseUrls(urls);
            builder.Services.AddAgentHttpApi(builder.Configuration);
            builder.Services.AddAgentMcp();
            app = builder.Build();
            app.MapAgentHttpApi();
            app.MapAgentMcp("/mcp");
            // The sign-in and the tasks page; the Orleans Dashboard is served by the silos that co-host HTTP (its grains
            // are registered there), not by the gateway.
            app.MapAgentPages(includeOrleansDashboard: false);
        }
        catch (InvalidOperationException exception)
        {
            return SiloProgram.InvalidConfiguration(error, exception.Message);
        }

        await using (app)
        {
            try
            {
                app.Services.GetService<IStartupValidator>()?.Validate();
            }
            catch (Exception exception) when (exception is OptionsValidationException or InvalidOperationException or AggregateException)
            {
                return SiloProgram.InvalidConfiguration(error, SiloProgram.Describe(exception));
            }

            try
            {
                await app.StartAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                error.WriteLine($"Start-up failed: {SiloProgram.DescribeFailure(exception)}");
                await SiloProgram.StopQuietlyAsync(app).ConfigureAwait(false);
                return HostExitCode.StartFailed;
            }
            catch (OperationCanceledException)
            {
                // Stopped (Ctrl+C) while still looking for the cluster.
                return HostExitCode.Interrupted;
            }

            output.WriteLine($"{SiloReadyReporter.Prefix}gateway{SiloReadyReporter.Http(app.Services)}, cluster {silo.ClusterId}, service {silo.ServiceId}");
            await app.WaitForShutdownAsync().ConfigureAwait(false);
            return HostExitCode.Success;
        }
    }

    private static void ConfigureClient(IClientBuilder client, SiloHostOptions silo, StorageBackend backend)
    {
        switch (backend.Kind)
        {
            case StorageBackendKind.Postgres:
                client.UseAgentPostgresClustering(o => o.ConnectionString = backend.ConnectionString);
                break;
            case StorageBackendKind.Redis:
                client.UseAgentRedisClustering(o => o.ConnectionString = backend.ConnectionString);
                break;
            default:
                client.UseLocalhostClustering(silo.GatewayPort, silo.ServiceId, silo.ClusterId);
                break;
        }

        client.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = silo.ClusterId;
            cluster.ServiceId = silo.ServiceId;
        });

        // A silo that died leaves the gateway list within seconds, so requests move to the others.
        client.Configure<GatewayOptions>(gateways => gateways.GatewayListRefreshPeriod = TimeSpan.FromSeconds(2));
        client.UseConnectionRetryFilter(async (exception, cancellationToken) =>
        {
            // No silo answers yet (the cluster is starting): keep trying until the gateway is stopped.
            await Task.Delay(ConnectRetryDelay, cancellationToken).ConfigureAwait(false);
            return !cancellationToken.IsCancellationRequested;
        });
        client.AddAgentClient();
    }
}
