using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansAgents.SiloHost.Configuration;

namespace OrleansAgents.SiloHost;

/// <summary>
/// Registered after the silo's own hosted service (and the web host's, when HTTP is on), so it starts once the silo has
/// joined the cluster, its gateway accepts clients and the HTTP API listens: then it writes one line, <c>ready: silo NAME
/// at ADDRESS, gateway ADDRESS, cluster ID, service ID</c> (followed by <c>, http URL</c> with HTTP on), to standard
/// output, for a supervisor or a test to wait for.
/// </summary>
internal sealed class SiloReadyReporter(
    ILocalSiloDetails silo,
    IOptions<SiloHostOptions> options,
    HostOutput output,
    IHostApplicationLifetime lifetime,
    IServiceProvider services) : IHostedService
{
    /// <summary>The start of the line.</summary>
    public const string Prefix = "ready: ";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<IServer>() is null)
        {
            Report();
        }
        else
        {
            // A web application starts its server after the other hosted services: report once everything has started.
            lifetime.ApplicationStarted.Register(Report);
        }

        return Task.CompletedTask;
    }

    private void Report() =>
        output.WriteLine($"{Prefix}silo {silo.Name} at {silo.SiloAddress.Endpoint}, gateway {silo.GatewayAddress?.Endpoint}, cluster {options.Value.ClusterId}, service {options.Value.ServiceId}{Http(services)}");

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary><c>, http URL[ URL...]</c> when the host serves HTTP (the bound addresses: a port 0 shows as chosen).</summary>
    internal static string Http(IServiceProvider services) =>
        services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses is { Count: > 0 } addresses
            ? $", http {string.Join(' ', addresses)}"
            : string.Empty;
}
