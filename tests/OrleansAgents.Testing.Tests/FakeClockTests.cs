using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Streams;
using OrleansAgents.Streams;
using Xunit;

namespace OrleansAgents.Testing.Tests;

public sealed class FakeClockFixture : IAsyncLifetime
{
    public AgentTestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await new AgentTestClusterBuilder(silos: 2)
        .ConfigureSilo(silo => silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1)))
        .DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

public sealed class FakeClockTests(FakeClockFixture fixture) : IClassFixture<FakeClockFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly AgentTestCluster _cluster = fixture.Cluster;

    [Fact]
    public async Task A_grain_timer_ticks_only_when_the_fake_clock_moves()
    {
        var grain = _cluster.Client.GetGrain<IClockGrain>("timer");
        await grain.StartTimerAsync(TimeSpan.FromMinutes(10));

        Assert.Equal(0, await grain.GetTicksAsync());
        for (var tick = 1; tick <= 3; tick++)
        {
            // Orleans arms a grain timer's next tick when the last one has run, in the grain's turn: the next advance
            // waits for the tick, so that it is measured from the time the tick came due (the clock stands still meanwhile,
            // but for a creep of ticks).
            _cluster.Time.Advance(TimeSpan.FromMinutes(10));
            var expected = tick;
            await _cluster.EventuallyAsync(async () => await grain.GetTicksAsync() == expected, Deadline, $"tick {expected} after {expected * 10} fake minutes", step: TimeSpan.FromTicks(1));
        }

        Assert.Equal(3, await grain.GetTicksAsync());
    }

    [Fact]
    public async Task A_reminder_fires_on_the_fake_clock()
    {
        var grain = _cluster.Client.GetGrain<IClockGrain>("reminder");
        var armed = _cluster.Time.GetUtcNow();
        await grain.ArmReminderAsync(TimeSpan.FromHours(1));

        Assert.Equal(0, await grain.GetRemindersAsync());
        await _cluster.EventuallyAsync(async () => await grain.GetRemindersAsync() >= 2, Deadline, "an hourly reminder fires twice when the fake clock moves two hours", step: TimeSpan.FromMinutes(5));
        Assert.True(_cluster.Time.GetUtcNow() - armed >= TimeSpan.FromHours(2));
    }

    [Fact]
    public async Task Streams_deliver_while_the_fake_clock_stands_still()
    {
        var grain = _cluster.Client.GetGrain<IClockGrain>("stream");
        await grain.SubscribeAsync("s1");
        var before = _cluster.Time.GetUtcNow();
        var stream = _cluster.Client.GetStreamProvider(StreamProviderNames.Default).GetStream<int>(StreamId.Create("clock", "s1"));

        // The stream's first event also pays for what a cluster does once (its pulling agent learning of the subscriber,
        // the queues settling on the silos, code being compiled): a CI run under load saw it arrive after more than 7 s.
        // It is awaited with a generous deadline; the claim is measured on the events after it, on the same queue.
        await stream.OnNextAsync(0);
        await DeliveredAsync(grain, 1, TimeSpan.FromSeconds(30));

        for (var i = 1; i <= 3; i++)
        {
            await stream.OnNextAsync(i);
        }

        // Pulled every 10 ms on the real clock: well within a second; the bound leaves room for a loaded machine. Without
        // the grain-timer clock the pulling agents wait for the fake clock, and not even the first event arrives (checked
        // 2026-12-05 by putting every grain timer on the fake clock: the wait for it failed at 30 s).
        await DeliveredAsync(grain, 4, TimeSpan.FromSeconds(7));
        Assert.Equal([0, 1, 2, 3], await grain.GetReceivedAsync());
        Assert.Equal(before, _cluster.Time.GetUtcNow());
    }

    /// <summary>Polls (every 10 ms of real time: a spin would take a core from the delivery) until <paramref name="count"/> events have arrived.</summary>
    private static async Task DeliveredAsync(IClockGrain grain, int count, TimeSpan within)
    {
        var started = TimeProvider.System.GetTimestamp();
        while ((await grain.GetReceivedAsync()).Count < count)
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < within, $"{count} events should be delivered within {within.TotalSeconds} s of real time without moving the fake clock");
            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System);
        }
    }
}
