using Xunit;

namespace OrleansAgents.Testing.Tests.Chaos;

/// <summary>The chaos call filter: failures before the call, lost responses after it, delays on the fake clock.</summary>
public sealed class CallFaultTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_failed_call_never_runs_and_a_lost_response_ran_anyway()
    {
        await using var cluster = await StartAsync(new CallFaultRule(typeof(ICounterGrain), nameof(ICounterGrain.IncrementAsync)) { ExceptionRate = 1 });
        var counter = cluster.Client.GetGrain<ICounterGrain>("before");
        cluster.Chaos.Enabled = true;
        await Assert.ThrowsAsync<InjectedFaultException>(counter.IncrementAsync);
        Assert.Equal(0, await counter.GetCallsAsync()); // another method of the interface: not hit
        Assert.Equal(1, cluster.Chaos.Counters.CallExceptions);

        await using var lost = await StartAsync(new CallFaultRule(typeof(ICounterGrain), nameof(ICounterGrain.IncrementAsync)) { LostResponseRate = 1 });
        var applied = lost.Client.GetGrain<ICounterGrain>("after");
        lost.Chaos.Enabled = true;
        await Assert.ThrowsAsync<TimeoutException>(applied.IncrementAsync);
        lost.Chaos.Enabled = false;
        Assert.Equal(1, await applied.ReadStoredAsync());
    }

    [Fact]
    public async Task A_call_fault_can_throw_the_exception_the_rule_makes()
    {
        await using var cluster = await StartAsync(new CallFaultRule(typeof(ICounterGrain)) { ExceptionRate = 1, Exception = m => new InvalidOperationException(m) });
        cluster.Chaos.Enabled = true;
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(cluster.Client.GetGrain<ICounterGrain>("custom").GetCallsAsync);
        Assert.Contains("chaos seed 1", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_delayed_call_waits_for_the_fake_clock()
    {
        await using var cluster = await StartAsync(new CallFaultRule(typeof(ICounterGrain), nameof(ICounterGrain.IncrementAsync)) { DelayRate = 1, MaxDelay = TimeSpan.FromSeconds(20) });
        var counter = cluster.Client.GetGrain<ICounterGrain>("delayed");
        cluster.Chaos.Enabled = true;
        var call = counter.IncrementAsync();
        await cluster.Client.GetGrain<ICounterGrain>("other").ReadStoredAsync();
        Assert.False(call.IsCompleted, "a call delayed by up to 20 s of fake time finished while the fake clock stood still");

        // Once the call waits in the filter, move the clock past the longest delay (with a second to spare) and then hold
        // it: the call runs and answers in real time. (Driving the clock on until the call completed raced the call's
        // response timeout, 30 s on the same fake clock: on a loaded machine the clock passed it before the delayed call
        // had run, and the call failed with a TimeoutException.)
        var waited = TimeProvider.System.GetTimestamp();
        while (cluster.Chaos.Counters.CallDelays == 0)
        {
            Assert.True(TimeProvider.System.GetElapsedTime(waited) < Deadline, "the call never reached the fault filter");
            await Task.Delay(TimeSpan.FromMilliseconds(1));
        }

        await cluster.AdvanceAsync(TimeSpan.FromSeconds(21));
        Assert.Equal(1, await call.WaitAsync(Deadline));
    }

    [Fact]
    public void A_rule_names_a_grain_interface_and_one_of_its_methods()
    {
        Assert.Throws<ArgumentException>(() => new CallFaultRule(typeof(CounterGrain)));
        Assert.Throws<ArgumentException>(() => new CallFaultRule(typeof(ICounterGrain), "NoSuchMethod"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AgentTestClusterBuilder().UseChaos(new ChaosSeed(1), o => o.Calls.Add(new CallFaultRule(typeof(ICounterGrain)) { ExceptionRate = 2 })));
    }

    private static Task<AgentTestCluster> StartAsync(CallFaultRule rule) =>
        new AgentTestClusterBuilder()
            .UseChaos(new ChaosSeed(1), o => o.Calls.Add(rule))
            .DeployAsync();
}
