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

    [Fact]
    public async Task The_stream_workload_replays_exactly_for_a_seed_and_differs_between_seeds()
    {
        var first = await RunStreamsAsync(11);
        var second = await RunStreamsAsync(11);
        Assert.Equal(first.Steps, second.Steps);
        Assert.Equal(first.VirtualTime, second.VirtualTime);
        Assert.Equal(first.TraceHash, second.TraceHash);

        var hashes = new HashSet<ulong> { first.TraceHash };
        for (var seed = 1; seed <= 4; seed++)
        {
            hashes.Add((await RunStreamsAsync(seed)).TraceHash);
        }

        Assert.Equal(5, hashes.Count);
    }

    /// <summary>The stream workload, whose delivery logs (every token each subscriber got, in order) go into the trace hash.</summary>
    private static Task<SimulationReport> RunStreamsAsync(int seed) =>
        TestingHost.Simulation.RunAsync(
            new SimulationOptions { Seed = seed, Faults = SimulationFaults.Hostile },
            simulation => StreamWorkload.RunAsync(simulation, killAndRestart: true, healWith: SimulationFaults.None));

    private static Task<SimulationReport> RunAsync(int seed) =>
        TestingHost.Simulation.RunAsync(
            new SimulationOptions { Seed = seed, Faults = SimulationFaults.Benign },
            simulation => AgentWorkload.RunAsync(simulation, killAndRestart: true));
}
