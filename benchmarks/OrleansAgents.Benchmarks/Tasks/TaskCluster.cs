using OrleansAgents.Benchmarks.Grains;
using OrleansAgents.TestingHost;

namespace OrleansAgents.Benchmarks.Tasks;

/// <summary>
/// The cluster every task measurement runs on: one silo with the in-memory providers, the agent runtime with
/// <see cref="NoOpAgent"/> registered, and <see cref="PingGrain"/> for the grain-call baseline.
/// </summary>
internal static class TaskCluster
{
    public static async Task<TestCluster> StartAsync(Action<ISiloBuilder>? configure = null)
    {
        var cluster = new TestClusterBuilder(1)
            .ConfigureSilo(silo =>
            {
                silo.AddGrain<PingGrain>();
                silo.AddAgentRuntime();
                silo.AddAgent<NoOpAgent>(NoOpAgent.Name);
                configure?.Invoke(silo);
            })
            .Build();
        await cluster.DeployAsync().ConfigureAwait(false);
        return cluster;
    }
}
