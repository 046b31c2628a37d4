using Orleans.Runtime;
using Orleans.Storage;
using Xunit;

namespace OrleansAgents.Testing.Tests.Chaos;

/// <summary>The fault-injecting storage decorator: each fault does what it says, on the seed, and only while enabled.</summary>
public sealed class StorageFaultTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_failed_write_is_not_applied_and_reaches_the_caller()
    {
        await using var cluster = await StartAsync(o => o.Storage.WriteFailureRate = 1);
        var counter = cluster.Client.GetGrain<ICounterGrain>("failed");
        await counter.IncrementAsync();

        cluster.Chaos.Enabled = true;
        AssertCause<InjectedFaultException>(await Assert.ThrowsAnyAsync<Exception>(counter.IncrementAsync));
        cluster.Chaos.Enabled = false;

        Assert.Single(cluster.Chaos.Writes.Of(counter.GetGrainId(), "counter"));
        Assert.Equal(1, await counter.ReadStoredAsync());
        Assert.Equal(1, cluster.Chaos.Counters.WriteFailures);
    }

    [Fact]
    public async Task A_timed_out_write_lands_while_its_caller_gets_a_timeout_and_keeps_the_old_etag()
    {
        await using var cluster = await StartAsync(o => o.Storage.WriteTimeoutRate = 1);
        var counter = cluster.Client.GetGrain<ICounterGrain>("timed-out");

        cluster.Chaos.Enabled = true;
        AssertCause<TimeoutException>(await Assert.ThrowsAnyAsync<Exception>(counter.IncrementAsync));
        cluster.Chaos.Enabled = false;

        var write = Assert.Single(cluster.Chaos.Writes.Of(counter.GetGrainId(), "counter"));
        Assert.True(write.ReportedAsTimedOut);
        Assert.Equal(1, Assert.IsType<CounterState>(write.State).Value);
        // The grain kept the ETag it had before the write (none): its next write conflicts with the one that landed.
        AssertCause<InconsistentStateException>(await Assert.ThrowsAnyAsync<Exception>(counter.IncrementAsync));
        Assert.Equal(1, await counter.ReadStoredAsync());
    }

    [Fact]
    public async Task A_failed_read_reaches_the_caller()
    {
        await using var cluster = await StartAsync(o => o.Storage.ReadFailureRate = 1);
        var counter = cluster.Client.GetGrain<ICounterGrain>("read");
        await counter.IncrementAsync();

        cluster.Chaos.Enabled = true;
        AssertCause<InjectedFaultException>(await Assert.ThrowsAnyAsync<Exception>(counter.ReadStoredAsync));
        cluster.Chaos.Enabled = false;
        Assert.Equal(1, await counter.ReadStoredAsync());
    }

    [Fact]
    public async Task Injected_latency_passes_on_the_fake_clock_only()
    {
        await using var cluster = await StartAsync(o =>
        {
            o.Storage.LatencyRate = 1;
            o.Storage.MaxLatency = TimeSpan.FromSeconds(20);
            // Writes only: the round trip below activates another grain, whose read must not wait for the fake clock.
            o.Storage.Applies = op => op.Kind == StorageOperationKind.Write;
        });
        var counter = cluster.Client.GetGrain<ICounterGrain>("slow");

        cluster.Chaos.Enabled = true;
        var write = counter.IncrementAsync();
        // Real time passes; the write waits for fake time (a round trip to another grain proves the cluster is not stuck).
        await cluster.Client.GetGrain<ICounterGrain>("other").GetCallsAsync();
        Assert.False(write.IsCompleted, "a write delayed by up to 20 s of fake time finished while the fake clock stood still");

        await cluster.DriveAsync(write, Deadline, step: TimeSpan.FromSeconds(1));
        Assert.Equal(1, cluster.Chaos.Counters.StorageDelays);
    }

    [Fact]
    public async Task Faults_hit_only_the_operations_the_filter_lets_through_and_none_while_disabled()
    {
        await using var cluster = await StartAsync(o =>
        {
            o.Storage.WriteFailureRate = 1;
            o.Storage.Applies = op => op.GrainId.ToString().Contains("victim", StringComparison.Ordinal) && op.Index == 1;
        });
        var victim = cluster.Client.GetGrain<ICounterGrain>("victim");
        var bystander = cluster.Client.GetGrain<ICounterGrain>("bystander");

        await victim.IncrementAsync(); // write #0 while disabled
        cluster.Chaos.Enabled = true;
        await bystander.IncrementAsync();
        AssertCause<InjectedFaultException>(await Assert.ThrowsAnyAsync<Exception>(victim.IncrementAsync)); // write #1
        Assert.Equal(1, await victim.ReadStoredAsync()); // the failed write was not applied (the read resets the grain's state)
        Assert.Equal(2, await victim.IncrementAsync()); // write #2: not hit
        Assert.Equal([1, 2], cluster.Chaos.Writes.Of(victim.GetGrainId(), "counter").Select(w => Assert.IsType<CounterState>(w.State).Value));
    }

    [Fact]
    public async Task The_same_seed_draws_the_same_faults_for_the_same_operations()
    {
        static async Task<string> OutcomesAsync(int seed)
        {
            await using var cluster = await StartAsync(o => o.Storage.WriteFailureRate = 0.5, seed);
            cluster.Chaos.Enabled = true;
            var outcomes = new List<char>();
            foreach (var name in new[] { "a", "b", "c" })
            {
                var counter = cluster.Client.GetGrain<ICounterGrain>(name);
                for (var i = 0; i < 8; i++)
                {
                    try
                    {
                        await counter.IncrementAsync();
                        outcomes.Add('+');
                    }
                    catch (Exception e) when (e is InjectedFaultException || e.InnerException is InjectedFaultException)
                    {
                        outcomes.Add('x');
                    }
                }
            }

            return new string([.. outcomes]);
        }

        var first = await OutcomesAsync(7);
        Assert.Equal(first, await OutcomesAsync(7));
        Assert.Contains('x', first);
        Assert.Contains('+', first);
        Assert.NotEqual(first, await OutcomesAsync(8));
    }

    [Fact]
    public async Task Chaos_refuses_a_storage_provider_that_is_not_registered()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => new AgentTestClusterBuilder()
            .UseChaos(new ChaosSeed(1), o => o.StorageProviders.Add("nowhere"))
            .DeployAsync());
        Assert.Contains("no storage provider named 'nowhere'", failure.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Orleans' state bridge wraps a storage provider's failure in an OrleansException: the fault is its cause.</summary>
    private static void AssertCause<T>(Exception exception)
        where T : Exception =>
        Assert.True(exception is T || exception.InnerException is T, $"expected {typeof(T).Name} (or as the cause), got {exception}");

    private static Task<AgentTestCluster> StartAsync(Action<ChaosOptions> configure, int seed = 1) =>
        new AgentTestClusterBuilder()
            .UseSharedStorage()
            .UseChaos(new ChaosSeed(seed), configure)
            .DeployAsync();
}
