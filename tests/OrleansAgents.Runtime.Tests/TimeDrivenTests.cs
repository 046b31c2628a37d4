using OrleansAgents.Hosting;
using OrleansAgents.Runtime.Tests.Fixtures;
using OrleansAgents.Runtime.Tests.TestGrains;
using OrleansAgents.TestingHost;
using Xunit;

namespace OrleansAgents.Runtime.Tests;

/// <summary>Timers, reminders, idle collection and timeouts, driven by a manual clock instead of waiting.</summary>
public sealed class TimeDrivenTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private readonly LifecycleProbe _probe = new();
    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = ClusterFixture.CreateBuilder(_probe)
            .UseTimeProvider(_time)
            .ConfigureSilo(silo => silo.Configure<GrainCollectionOptions>(o =>
            {
                o.CollectionAge = TimeSpan.FromMinutes(10);
                o.CollectionQuantum = TimeSpan.FromMinutes(1);
            }))
            .Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task An_idle_activation_is_collected_after_the_collection_age_and_not_before()
    {
        var key = Guid.NewGuid().ToString();
        var grain = _cluster.Client.GetGrain<ILifecycleGrain>(key);
        var first = await grain.GetActivationIdAsync();

        _time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(first, await grain.GetActivationIdAsync());

        _time.Advance(TimeSpan.FromMinutes(11));
        await Eventually.TrueAsync(() => _probe.Count($"deactivate:{key}:IdleCollected") == 1, "the idle activation to be collected");
        Assert.NotEqual(first, await grain.GetActivationIdAsync());
    }

    [Fact]
    public async Task A_grain_timer_ticks_once_per_period_as_time_advances()
    {
        var grain = _cluster.Client.GetGrain<ILifecycleGrain>(Guid.NewGuid().ToString());
        await grain.StartTimerAsync(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        Assert.Equal(0, await grain.GetTimerTicksAsync());
        for (var expected = 1; expected <= 3; expected++)
        {
            _time.Advance(TimeSpan.FromSeconds(10));
            var target = expected;
            await Eventually.TrueAsync(async () => await grain.GetTimerTicksAsync() == target, $"{target} timer ticks");
        }
    }

    [Fact]
    public async Task A_call_that_never_answers_times_out_when_the_clock_passes_its_deadline()
    {
        var call = _cluster.Client.GetGrain<IBehaviorGrain>(Guid.NewGuid().ToString()).HangAsync();
        await _cluster.Client.GetGrain<IBehaviorGrain>(Guid.NewGuid().ToString()).DoNothingAsync();
        Assert.False(call.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(31));
        var error = await Assert.ThrowsAsync<TimeoutException>(() => call);
        Assert.Contains("HangAsync", error.Message);
    }

    [Fact]
    public async Task A_reminder_fires_each_period_and_reactivates_its_deactivated_grain()
    {
        var key = Guid.NewGuid().ToString();
        var grain = _cluster.Client.GetGrain<ILifecycleGrain>(key);
        await grain.RegisterReminderAsync("wake", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2));
        Assert.Equal(["wake"], await grain.GetReminderNamesAsync());
        await grain.DeactivateAsync();
        await Eventually.TrueAsync(() => _probe.Count($"deactivate:{key}:ApplicationRequested") == 1, "the grain to deactivate");

        _time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.TrueAsync(() => _probe.Events.Count(e => e.StartsWith($"reminder:{key}:wake@", StringComparison.Ordinal)) == 1, "the first reminder tick");
        Assert.Equal(2, _probe.Count($"activate:{key}"));

        _time.Advance(TimeSpan.FromMinutes(2));
        await Eventually.TrueAsync(() => _probe.Events.Count(e => e.StartsWith($"reminder:{key}:wake@", StringComparison.Ordinal)) == 2, "the second reminder tick");

        await grain.UnregisterReminderAsync("wake");
        _time.Advance(TimeSpan.FromMinutes(10));
        await grain.GetActivationIdAsync();
        Assert.Equal(2, _probe.Events.Count(e => e.StartsWith($"reminder:{key}:wake@", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_reminder_period_below_the_minimum_is_rejected_with_the_option_named()
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            _cluster.Client.GetGrain<ILifecycleGrain>(Guid.NewGuid().ToString()).RegisterReminderAsync("fast", TimeSpan.Zero, TimeSpan.FromSeconds(1)));
        Assert.Contains(nameof(ReminderOptions.MinimumReminderPeriod), error.Message);
    }

    [Fact]
    public async Task Reminders_of_a_killed_silo_fire_on_a_surviving_silo()
    {
        var key = $"orphan-{Guid.NewGuid():N}";
        var grain = _cluster.Client.GetGrain<ILifecycleGrain>(key);
        var ownerName = await grain.GetSiloAsync();
        await grain.RegisterReminderAsync("survive", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        var owner = _cluster.Silos.Single(s => s.Name == ownerName);

        await _cluster.KillSiloAsync(owner);
        await _cluster.WaitForLivenessToStabilizeAsync();
        _time.Advance(TimeSpan.FromMinutes(1));

        var survivor = _cluster.Silos.Single().Name;
        await Eventually.TrueAsync(() => _probe.Count($"reminder:{key}:survive@{survivor}") >= 1, $"the reminder to fire on {survivor}");
        Assert.DoesNotContain($"deactivate:{key}:ShuttingDown", _probe.Events);
    }
}
