using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using OrleansAgents.SiloHost.Configuration;

namespace OrleansAgents.SiloHost;

/// <summary>
/// Runs the silo host until Ctrl+C / SIGTERM (or until the demo finishes) and returns the process exit code.
/// Configuration errors are reported in one readable message, without a stack trace.
/// </summary>
internal static class SiloProgram
{
    public static async Task<int> RunAsync(string[] args, TextWriter error, Action<IHostApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(args);
        if (MigrateCommand.IsRequested(args))
        {
            return await MigrateCommand.RunAsync(args, Console.Out, error).ConfigureAwait(false);
        }

        if (GatewayCommand.IsRequested(args))
        {
            return await GatewayCommand.RunAsync(args, Console.Out, error, configure).ConfigureAwait(false);
        }

        IHost host;
        try
        {
            host = SiloHostBuilder.Build(args, configure);
        }
        catch (InvalidOperationException exception)
        {
            // Choices read while building (the silo's endpoints, the storage provider, the demo switch) are bound here.
            return InvalidConfiguration(error, exception.Message);
        }

        using (host)
        {
            try
            {
                // The host validates on start too; validating first keeps a bad option from half-starting the silo.
                host.Services.GetService<IStartupValidator>()?.Validate();
            }
            catch (Exception exception) when (exception is OptionsValidationException or InvalidOperationException or AggregateException)
            {
                return InvalidConfiguration(error, Describe(exception));
            }

            var exitCode = host.Services.GetRequiredService<HostExitCode>();
            if (host.Services.GetService<StorageBackend>() is { } backend)
            {
                using var probing = new CancellationTokenSource(BackendProbe.Timeout * 2);
                if (await BackendProbe.CheckAsync(backend, probing.Token).ConfigureAwait(false) is { } unreachable)
                {
                    error.WriteLine($"Start-up failed: {unreachable}");
                    return HostExitCode.StartFailed;
                }
            }

            try
            {
                await host.StartAsync().ConfigureAwait(false);
            }
            catch (OrleansConfigurationException exception)
            {
                // Orleans validates its own options (endpoints, clustering) as the silo starts.
                await StopQuietlyAsync(host).ConfigureAwait(false);
                return InvalidConfiguration(error, exception.Message);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The host has logged the failure with its stack trace; standard error gets the reason in one place.
                error.WriteLine($"Start-up failed: {DescribeFailure(exception)}{PortHint(host, exception)}");
                await StopQuietlyAsync(host).ConfigureAwait(false);
                return HostExitCode.StartFailed;
            }

            await host.WaitForShutdownAsync().ConfigureAwait(false);
            if (exitCode.FatalReason is { } reason)
            {
                // SiloFatalErrorHandler: the cluster declared this silo dead (exit code 4), or another fatal error.
                error.WriteLine(reason);
            }

            return exitCode.Value;
        }
    }

    /// <summary>
    /// The distinct messages of a start-up validation failure: validator failures, and binder errors (a value
    /// that cannot be converted, for example a malformed TimeSpan), which are <see cref="InvalidOperationException"/>s.
    /// </summary>
    internal static string Describe(Exception exception)
    {
        var inner = exception is AggregateException aggregate ? aggregate.Flatten().InnerExceptions : [exception];
        var messages = inner
            .SelectMany(e => e is OptionsValidationException validation ? validation.Failures : [e.Message])
            .Distinct(StringComparer.Ordinal);
        return string.Join(Environment.NewLine + "  ", messages);
    }

    /// <summary>The exception's type and message, followed by its inner exceptions' messages (the driver's reason).</summary>
    internal static string DescribeFailure(Exception exception)
    {
        var parts = new List<string> { $"{exception.GetType().Name}: {exception.Message}" };
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (!exception.Message.Contains(inner.Message, StringComparison.Ordinal))
            {
                parts.Add(inner.Message);
            }
        }

        return string.Join(" -> ", parts);
    }

    /// <summary>For a port already in use, which ports the silo tried and the options that set them.</summary>
    private static string PortHint(IHost host, Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e.GetType().Name == "AddressInUseException" || e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
            {
                var silo = host.Services.GetRequiredService<IOptions<SiloHostOptions>>().Value;
                return $" (silo port {silo.SiloPort}, gateway port {silo.GatewayPort}: {SiloHostOptions.SectionName}:{nameof(SiloHostOptions.SiloPort)} and :{nameof(SiloHostOptions.GatewayPort)} choose others)";
            }
        }

        return string.Empty;
    }

    internal static async Task StopQuietlyAsync(IHost host)
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await host.StopAsync(stopping.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The start failure is what gets reported; a half-started service failing to stop adds nothing.
        }
    }

    internal static int InvalidConfiguration(TextWriter error, string message)
    {
        error.WriteLine($"Invalid configuration: {message}");
        error.WriteLine("Options are read from appsettings.json, environment variables (OrleansAgents__Section__Key) and the command line (--OrleansAgents:Section:Key=value).");
        return HostExitCode.InvalidConfiguration;
    }
}
