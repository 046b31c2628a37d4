using System.Reflection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace OrleansAgents.Testing.Tests;

/// <summary>
/// Orleans' due-time wait (<c>Orleans.Internal.TimeProviderExtensions.DelayUntilAsync</c>, behind its reminder service
/// and <c>AsyncTimer</c>s) against the test cluster's clock: a due time with a sub-millisecond part, and an advance that
/// stops less than a millisecond before it.
/// </summary>
public sealed class SpinSafeClockTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Orleans_due_time_wait_ends_inside_an_advance_that_stops_just_short_of_its_due_time()
    {
        var fake = new TimerWatch(new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero)));
        var due = fake.GetUtcNow() + TimeSpan.FromMilliseconds(100.5);
        var waiting = DelayUntilAsync(new SpinSafeClock(fake), due, CancellationToken.None);
        await fake.Created.WaitAsync(Deadline);

        // Task.Delay(100.5 ms) waits 100 ms; the last 0.5 ms is a delay of 0 ms, so the loop runs on inside this advance.
        await Task.Run(() => fake.Inner.Advance(TimeSpan.FromMilliseconds(100))).WaitAsync(Deadline);

        // It ends without the clock moving again (usually inside the advance, whose thread runs the loop).
        await waiting.WaitAsync(Deadline);
        Assert.Equal(due - TimeSpan.FromMilliseconds(0.5), fake.GetUtcNow());
    }

    [Fact]
    public async Task Orleans_due_time_wait_that_starts_less_than_a_millisecond_short_of_its_due_time_ends_while_time_stands_still()
    {
        var fake = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero));

        await DelayUntilAsync(new SpinSafeClock(fake), fake.GetUtcNow() + TimeSpan.FromMilliseconds(0.5), CancellationToken.None).WaitAsync(Deadline);
    }

    [Fact]
    public async Task The_same_wait_on_a_raw_fake_clock_spins_inside_the_advance_until_it_is_cancelled()
    {
        // Why SpinSafeClock exists (if this fails, Orleans no longer spins and the guard can go).
        var fake = new TimerWatch(new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero)));
        using var cancel = new CancellationTokenSource();
        var waiting = DelayUntilAsync(fake, fake.GetUtcNow() + TimeSpan.FromMilliseconds(100.5), cancel.Token);
        await fake.Created.WaitAsync(Deadline);

        var advancing = Task.Run(() => fake.Inner.Advance(TimeSpan.FromMilliseconds(100)));
        var ended = await Task.WhenAny(advancing, Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System));
        cancel.Cancel();
        await advancing.WaitAsync(Deadline);

        Assert.NotSame(advancing, ended);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task Reads_and_timers_are_exactly_the_fake_clocks_outside_a_runaway_loop()
    {
        var fake = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero));
        var clock = new SpinSafeClock(fake);
        var start = fake.GetUtcNow();
        for (var i = 0; i < SpinSafeClock.SpinReads; i++)
        {
            Assert.Equal(start, clock.GetUtcNow());
        }

        var readInCallback = new List<DateTimeOffset>();
        var fired = new TaskCompletionSource();
        using var timer = clock.CreateTimer(_ => { readInCallback.Add(clock.GetUtcNow()); fired.SetResult(); }, null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        fake.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromTicks(1));
        Assert.False(fired.Task.IsCompleted);
        fake.Advance(TimeSpan.FromTicks(1));
        await fired.Task.WaitAsync(Deadline);

        Assert.Equal([start + TimeSpan.FromSeconds(5)], readInCallback);
        Assert.Equal(fake.GetTimestamp(), clock.GetTimestamp());
    }

    [Fact]
    public async Task A_timer_callback_that_blocks_stops_every_other_timer_of_a_raw_fake_clock()
    {
        // Why the clock runs callbacks on the pool (if this fails, the fake clock no longer serializes its callbacks).
        var fake = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero));
        using var release = new ManualResetEventSlim();
        var blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var other = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var blocking = fake.CreateTimer(_ => { blocked.TrySetResult(); release.Wait(); }, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var later = fake.CreateTimer(_ => other.TrySetResult(), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);

        var first = Task.Run(() => fake.Advance(TimeSpan.FromSeconds(1)));
        await blocked.Task.WaitAsync(Deadline);
        await Task.Run(() => fake.Advance(TimeSpan.FromSeconds(5))).WaitAsync(Deadline);
        var ended = await Task.WhenAny(other.Task, Task.Delay(TimeSpan.FromMilliseconds(500), TimeProvider.System));

        release.Set();
        await first.WaitAsync(Deadline);
        Assert.NotSame(other.Task, ended);
    }

    [Fact]
    public async Task A_timer_callback_that_blocks_or_throws_does_not_stop_the_other_timers()
    {
        var fake = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero));
        var clock = new SpinSafeClock(fake);
        using var release = new ManualResetEventSlim();
        var blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var blocking = clock.CreateTimer(_ => { blocked.TrySetResult(); release.Wait(); }, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var throwing = clock.CreateTimer(_ => throw new InvalidOperationException("a callback that throws"), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var later = clock.CreateTimer(_ => fired.TrySetResult(), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);

        fake.Advance(TimeSpan.FromSeconds(1));
        await blocked.Task.WaitAsync(Deadline);
        fake.Advance(TimeSpan.FromSeconds(1));
        var ended = await Task.WhenAny(fired.Task, Task.Delay(Deadline, TimeProvider.System));

        release.Set();
        Assert.Same(fired.Task, ended);
    }

    /// <summary>
    /// Orleans' own <c>DelayUntilAsync</c> (internal), called as its timers call it: on the thread pool, with no
    /// synchronization context (under xUnit's, its continuations would be posted instead of running inside the advance).
    /// </summary>
    private static Task DelayUntilAsync(TimeProvider clock, DateTimeOffset due, CancellationToken cancellation) =>
        Task.Run(() => InvokeDelayUntilAsync(clock, due, cancellation));

    private static Task InvokeDelayUntilAsync(TimeProvider clock, DateTimeOffset due, CancellationToken cancellation)
    {
        var extensions = Type.GetType("Orleans.Internal.TimeProviderExtensions, Orleans.Core", throwOnError: true)!;
        var method = extensions.GetMethod("DelayUntilAsync", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new InvalidOperationException("Orleans.Internal.TimeProviderExtensions.DelayUntilAsync is gone: check whether Orleans still waits this way.");
        return (Task)method.Invoke(null, [clock, due, cancellation])!;
    }

    /// <summary>A fake clock that tells when a timer has been created on it (so the test advances only once the wait waits).</summary>
    private sealed class TimerWatch(FakeTimeProvider inner) : TimeProvider
    {
        private readonly TaskCompletionSource _created = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public FakeTimeProvider Inner => inner;

        public Task Created => _created.Task;

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

        public override long GetTimestamp() => inner.GetTimestamp();

        public override long TimestampFrequency => inner.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = inner.CreateTimer(callback, state, dueTime, period);
            _created.TrySetResult();
            return timer;
        }
    }
}
