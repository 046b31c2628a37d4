using OrleansAgents.Runtime.Tests.Fixtures;
using OrleansAgents.Runtime.Tests.TestGrains;
using OrleansAgents.TestingHost;
using Xunit;

namespace OrleansAgents.Runtime.Tests;

/// <summary>Several silos in one process: placement, moving grains, stopping, killing, adding silos.</summary>
public sealed class ClusterTests
{
    [Fact]
    public async Task Placement_is_a_function_of_grain_id_and_live_silos()
    {
        await using var cluster = await DeployAsync(3);
        var keys = Enumerable.Range(0, 30).Select(i => $"placed-{i}").ToArray();
        var first = await Task.WhenAll(keys.Select(k => cluster.Client.GetGrain<IStringKeyGrain>(k).GetSiloAsync()));
        var again = await Task.WhenAll(keys.Select(k => cluster.Silos[^1].GrainFactory.GetGrain<IStringKeyGrain>(k).GetSiloAsync()));
        Assert.Equal(first, again);
        Assert.True(first.Distinct().Count() == 3, $"30 grains should spread over 3 silos, got {string.Join(",", first.Distinct())}");
    }

    [Fact]
    public async Task Stopping_a_silo_moves_its_grains_with_their_state_and_deactivates_them_gracefully()
    {
        var probe = new LifecycleProbe();
        await using var cluster = await DeployAsync(3, probe);
        var keys = Enumerable.Range(0, 20).Select(i => $"moving-{Guid.NewGuid():N}").ToArray();
        foreach (var key in keys)
        {
            await cluster.Client.GetGrain<IStatefulGrain>(key).IncrementAsync("before");
            await cluster.Client.GetGrain<ILifecycleGrain>(key).GetActivationIdAsync();
        }

        var victim = cluster.Silos[1];
        var onVictim = (await Task.WhenAll(keys.Select(async k => (k, silo: await cluster.Client.GetGrain<IStatefulGrain>(k).GetSiloAsync()))))
            .Where(x => x.silo == victim.Name).Select(x => x.k).ToArray();
        Assert.NotEmpty(onVictim);
        var lifecycleOnVictim = (await Task.WhenAll(keys.Select(async k => (k, silo: await cluster.Client.GetGrain<ILifecycleGrain>(k).GetSiloAsync()))))
            .Where(x => x.silo == victim.Name).Select(x => x.k).ToArray();

        await cluster.StopSiloAsync(victim);

        foreach (var key in lifecycleOnVictim)
        {
            Assert.Contains($"deactivate:{key}:ShuttingDown", probe.Events);
        }

        foreach (var key in onVictim)
        {
            var grain = cluster.Client.GetGrain<IStatefulGrain>(key);
            Assert.NotEqual(victim.Name, await grain.GetSiloAsync());
            Assert.Equal(2, await grain.IncrementAsync("after"));
        }
    }

    [Fact]
    public async Task Killing_a_silo_loses_no_written_state_and_runs_no_deactivation()
    {
        var probe = new LifecycleProbe();
        await using var cluster = await DeployAsync(2, probe);
        var victim = cluster.Silos[0];
        var key = await FindKeyOnAsync<IStatefulGrain>(cluster, victim, "killed", g => g.GetAsync());
        var grain = cluster.Client.GetGrain<IStatefulGrain>(key);
        await grain.IncrementAsync("written");
        await cluster.Client.GetGrain<ILifecycleGrain>(key).GetActivationIdAsync();

        await cluster.KillSiloAsync(victim);

        Assert.Equal(2, await grain.IncrementAsync("after-kill"));
        Assert.Equal(cluster.Silos[0].Name, await grain.GetSiloAsync());
        Assert.DoesNotContain(probe.Events, e => e.StartsWith($"deactivate:{key}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_call_in_flight_on_a_killed_silo_fails_with_silo_unavailable_instead_of_hanging()
    {
        await using var cluster = await DeployAsync(2);
        var victim = cluster.Silos[1];
        var key = await FindKeyOnAsync<IBehaviorGrain>(cluster, victim, "inflight", g => g.PingAsync());
        var call = cluster.Client.GetGrain<IBehaviorGrain>(key).HangAsync();
        await cluster.Client.GetGrain<IBehaviorGrain>(key).PingAsync();
        Assert.False(call.IsCompleted);

        await cluster.KillSiloAsync(victim);
        await cluster.WaitForLivenessToStabilizeAsync();

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains(victim.Address.ToString(), error.Message);
    }

    [Fact]
    public async Task An_added_silo_takes_over_grains_and_a_restarted_silo_rejoins()
    {
        await using var cluster = await DeployAsync(1);
        var keys = Enumerable.Range(0, 20).Select(i => $"grow-{i}-{Guid.NewGuid():N}").ToArray();
        foreach (var key in keys)
        {
            await cluster.Client.GetGrain<IStatefulGrain>(key).IncrementAsync("one");
        }

        var added = await cluster.StartAdditionalSiloAsync();
        var placements = await Task.WhenAll(keys.Select(k => cluster.Client.GetGrain<IStatefulGrain>(k).GetSiloAsync()));
        Assert.Contains(added.Name, placements);
        var counts = await Task.WhenAll(keys.Select(k => cluster.Client.GetGrain<IStatefulGrain>(k).IncrementAsync("two")));
        Assert.All(counts, c => Assert.Equal(2, c));

        var restarted = await cluster.RestartSiloAsync(added);
        Assert.Equal(added.Name, restarted.Name);
        Assert.NotEqual(added.Address, restarted.Address);
        Assert.Equal(2, cluster.Silos.Count);
        var after = await Task.WhenAll(keys.Select(k => cluster.Client.GetGrain<IStatefulGrain>(k).IncrementAsync("three")));
        Assert.All(after, c => Assert.Equal(3, c));
    }

    [Fact]
    public async Task Disposing_a_cluster_under_load_completes_and_fails_pending_calls_instead_of_hanging()
    {
        var cluster = await DeployAsync(2);
        var client = cluster.Client;
        var hanging = Enumerable.Range(0, 50).Select(i => client.GetGrain<IBehaviorGrain>($"load-{i}").HangAsync()).ToArray();
        var busy = Enumerable.Range(0, 200).Select(i => client.GetGrain<IBehaviorGrain>($"busy-{i % 20}").EchoAsync("x").AsTask()).ToArray();

        await cluster.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));

        var outcomes = await Task.WhenAll(hanging.Concat(busy).Select(async t =>
        {
            try
            {
                await t.WaitAsync(TimeSpan.FromSeconds(5));
                return "ok";
            }
            catch (SiloUnavailableException)
            {
                return "unavailable";
            }
        }));
        Assert.All(outcomes.Take(50), o => Assert.Equal("unavailable", o));
    }

    private static async Task<TestCluster> DeployAsync(int silos, LifecycleProbe? probe = null)
    {
        var cluster = ClusterFixture.CreateBuilder(probe ?? new LifecycleProbe(), silos).Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>Finds a key whose grain of type <typeparamref name="TGrain"/> is activated on <paramref name="silo"/>.</summary>
    private static async Task<string> FindKeyOnAsync<TGrain>(TestCluster cluster, SiloHandle silo, string prefix, Func<TGrain, Task> activate)
        where TGrain : IGrainWithStringKey
    {
        for (var i = 0; ; i++)
        {
            var grain = cluster.Client.GetGrain<TGrain>($"{prefix}-{i}-{Guid.NewGuid():N}");
            await activate(grain);
            if (silo.HostsActivation(grain.GetGrainId()))
            {
                return grain.GetPrimaryKeyString();
            }
        }
    }
}
