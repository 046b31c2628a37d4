using OrleansAgents.TestingHost;
using OrleansAgents.Runtime.Tests.Fixtures;
using OrleansAgents.Runtime.Tests.TestGrains;
using Xunit;

namespace OrleansAgents.Runtime.Tests;

[Collection(ClusterCollection.Name)]
public sealed class ActivationTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Concurrent_first_calls_from_every_silo_and_the_client_meet_one_activation()
    {
        var key = Guid.NewGuid().ToString();
        var factories = fixture.Cluster.Silos.Select(s => s.GrainFactory).Append(fixture.Cluster.Client).ToArray();
        var ids = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => factories[i % factories.Length].GetGrain<IStringKeyGrain>(key).GetActivationIdAsync()));
        Assert.Single(ids.Distinct());
        var grainId = fixture.Cluster.Client.GetGrain<IStringKeyGrain>(key).GetGrainId();
        Assert.Single(fixture.Cluster.Silos, s => s.HostsActivation(grainId));
    }

    [Fact]
    public async Task Activation_runs_on_first_call_and_deactivate_on_idle_ends_it()
    {
        var key = Guid.NewGuid().ToString();
        var grain = fixture.Cluster.Client.GetGrain<ILifecycleGrain>(key);
        Assert.Equal(0, fixture.Probe.Count($"activate:{key}"));
        var first = await grain.GetActivationIdAsync();
        Assert.Equal(1, fixture.Probe.Count($"activate:{key}"));

        await grain.DeactivateAsync();
        await Eventually.TrueAsync(() => fixture.Probe.Count($"deactivate:{key}:ApplicationRequested") == 1, "OnDeactivateAsync to run");
        var second = await grain.GetActivationIdAsync();

        Assert.NotEqual(first, second);
        Assert.Equal(2, fixture.Probe.Count($"activate:{key}"));
    }

    [Fact]
    public async Task Requests_queued_behind_a_deactivation_reach_the_next_activation()
    {
        var key = Guid.NewGuid().ToString();
        var grain = fixture.Cluster.Client.GetGrain<ILifecycleGrain>(key);
        var first = await grain.GetActivationIdAsync();
        var deactivate = grain.DeactivateAsync();
        var during = Enumerable.Range(0, 10).Select(_ => grain.GetActivationIdAsync()).ToArray();
        await deactivate;
        var ids = await Task.WhenAll(during);
        Assert.All(ids, id => Assert.NotEqual(first, id));
        Assert.Single(ids.Distinct());
    }
}
