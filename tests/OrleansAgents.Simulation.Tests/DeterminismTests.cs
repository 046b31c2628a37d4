using OrleansAgents.TestingHost;
using Xunit;

namespace OrleansAgents.Simulation.Tests;

/// <summary>A seed replays exactly; another seed explores another order.</summary>
public sealed class DeterminismTests
{
    [Fact]
    public async Task The_same_seed_twice_gives_the_same_trace_hash()
    {
        var first = await RunAsync(11);
        var second = await RunAsync(11);

        Assert.Equal(first.Steps, second.Steps);
        Assert.Equal(first.VirtualTime, second.VirtualTime);
        Assert.Equal(first.TraceHash, second.TraceHash);
    }

    [Fact]
    public async Task Different_seeds_give_different_orders()
    {
        var hashes = new HashSet<ulong>();
        for (var seed = 1; seed <= 5; seed++)
        {
            hashes.Add((await RunAsync(seed)).TraceHash);
        }

        Assert.Equal(5, hashes.Count);
    }

    private static Task<SimulationReport> RunAsync(int seed) =>
        TestingHost.Simulation.RunAsync(
            new SimulationOptions { Seed = seed, Faults = SimulationFaults.Benign },
            simulation => AgentWorkload.RunAsync(simulation, killAndRestart: true));
}
