using Microsoft.Extensions.Hosting;
using OrleansAgents.Runtime;

namespace OrleansAgents.Hosting;

/// <summary>Starts the silo with the host and stops it gracefully with the host.</summary>
internal sealed class SiloHostedService(Silo silo) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => silo.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => silo.StopAsync(cancellationToken);
}
