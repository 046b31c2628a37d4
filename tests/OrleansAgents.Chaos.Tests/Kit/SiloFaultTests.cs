using Orleans.Runtime;
using Orleans.Storage;
using Xunit;

namespace OrleansAgents.Testing.Tests.Chaos;

/// <summary>Silo faults at seeded points of virtual time, on shared storage that survives them.</summary>
public sealed class SiloFaultTests
{
    [Fact]
    public async Task A_plan_is_fixed_by_the_seed_and_each_fault_happens_once_the_fake_clock_passes_its_time()
    {
        await using var cluster = await new AgentTestClusterBuilder(silos: 3)
            .UseSharedStorage()
            .UseChaos(new ChaosSeed(42))
            .DeployAsync();
        var plan = cluster.Chaos.PlanSiloFaults(TimeSpan.FromSeconds(10), 3);
        Assert.Equal(plan, cluster.Chaos.PlanSiloFaults(TimeSpan.FromSeconds(10), 3));
        Assert.All(plan, f => Assert.InRange(f.At, TimeSpan.Zero, TimeSpan.FromSeconds(10)));

        var counter = cluster.Client.GetGrain<ICounterGrain>("survivor");
        await counter.IncrementAsync();
        var started = cluster.Time.GetUtcNow();
        await cluster.Chaos.RunAsync(plan, TimeSpan.FromSeconds(10));

        Assert.Equal(3, cluster.Chaos.Counters.SiloFaults);
        Assert.True(cluster.Time.GetUtcNow() - started >= TimeSpan.FromSeconds(10));
        Assert.Equal(3, cluster.Cluster.Silos.Count);
        // Shared storage outlives the silos: the counter's record is still there wherever it activates now.
        Assert.Equal(2, await cluster.DriveAsync(counter.IncrementAsync()));
    }

    [Fact]
    public async Task A_killed_silo_is_fenced_off_storage()
    {
        await using var cluster = await new AgentTestClusterBuilder(silos: 2)
            .UseSharedStorage()
            .UseChaos(new ChaosSeed(1))
            .DeployAsync();
        var victim = cluster.Cluster.Silos[1];
        var storage = victim.ServiceProvider.GetRequiredKeyedService<IGrainStorage>("Default");

        await cluster.Chaos.KillSiloAsync(victim);

        var state = new GrainState<CounterState>();
        var failure = await Assert.ThrowsAsync<InjectedFaultException>(() => storage.WriteStateAsync("counter", GrainId.Create("counter", "zombie"), state));
        Assert.Contains("fenced", failure.Message, StringComparison.Ordinal);
        Assert.Equal(1, cluster.Chaos.Counters.FencedOperations);
    }
}
