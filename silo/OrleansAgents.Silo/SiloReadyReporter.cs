using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansAgents.SiloHost.Configuration;

namespace OrleansAgents.SiloHost;

/// <summary>
/// Registered after the silo's own hosted service, so it starts once the silo has joined the cluster and its
/// gateway accepts clients: then it writes one line, <c>ready: silo NAME at ADDRESS, gateway ADDRESS, cluster ID,
/// service ID</c>, to standard output, for a supervisor or a test to wait for.
/// </summary>
internal sealed class SiloReadyReporter(ILocalSiloDetails silo, IOptions<SiloHostOptions> options, HostOutput output) : IHostedService
{
    /// <summary>The start of the line.</summary>
    public const string Prefix = "ready: ";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        output.WriteLine($"{Prefix}silo {silo.Name} at {silo.SiloAddress.Endpoint}, gateway {silo.GatewayAddress?.Endpoint}, cluster {options.Value.ClusterId}, service {options.Value.ServiceId}");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
