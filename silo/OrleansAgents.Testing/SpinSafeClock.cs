namespace OrleansAgents.Testing;

/// <summary>
/// A test cluster's fake clock as its silos and client see it: the same time and timers, with two guards. Orleans waits
/// for an absolute due time in a loop (<c>TimeProviderExtensions.DelayUntilAsync</c>, used by its reminder service and
/// its <c>AsyncTimer</c>s): <c>while (dueTime - now &gt; 0) await Task.Delay(dueTime - now, clock)</c>. <c>Task.Delay</c>
/// truncates its delay to whole milliseconds, so a due time with a sub-millisecond part (a random stagger) wakes the loop
/// up to a millisecond early; the remainder is then a delay of 0 ms, which completes at once, and on a clock that does not
/// move by itself the loop never ends. When the early wake is a timer callback, it runs inline in
/// <c>FakeTimeProvider.Advance</c>, so the thread driving the clock spun there for good (found by the chaos sweeps: a
/// seed that never ended, one core at 100%); otherwise a pool thread spins until the test next moves the clock. And the
/// fake clock runs timer callbacks inline, one at a time: one that does not return stops every other timer.
/// </summary>
/// <remarks>
/// The first guard: a thread that reads the same instant of this clock more than <see cref="SpinReads"/> times in a row sees
/// time creep forward by one tick (100 ns) per further read, so such a loop ends within a millisecond of virtual time.
/// The second guard: timer callbacks run on the thread pool, not inside the fake clock (<see cref="CreateTimer"/>).
/// Nothing else changes: timers fire exactly when the fake clock reaches them, and a thread's reads are exactly the fake
/// clock's until it has read one instant ten thousand times (a runaway loop makes millions in a second).
/// </remarks>
internal sealed class SpinSafeClock(TimeProvider fake) : TimeProvider
{
    /// <summary>How many reads of one instant a thread makes in a row before time creeps for it.</summary>
    internal const int SpinReads = 10_000;

    [ThreadStatic]
    private static Reads? t_reads;

    /// <summary>The clock underneath.</summary>
    public TimeProvider Fake => fake;

    public override DateTimeOffset GetUtcNow()
    {
        var now = fake.GetUtcNow();
        return now.AddTicks(Creep(now.UtcTicks));
    }

    public override long GetTimestamp()
    {
        var timestamp = fake.GetTimestamp();
        var creep = Creep(fake.GetUtcNow().UtcTicks);
        return creep == 0 ? timestamp : timestamp + (long)(creep * (double)fake.TimestampFrequency / TimeSpan.TicksPerSecond);
    }

    public override long TimestampFrequency => fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => fake.LocalTimeZone;

    /// <summary>
    /// A timer on the fake clock whose callback runs on the thread pool, as a real timer's does. The fake clock itself runs
    /// every due callback inline, one at a time, on whichever thread moved the clock or created or changed a timer (a grain's
    /// thread, say, holding whatever it holds), and while one callback runs no other timer of the clock fires: a callback
    /// that blocked or threw left every timer of the cluster stopped for good while the clock went on moving (a reminder,
    /// a retry backoff and a response-timeout check never came due again). Here the clock's thread only queues the
    /// callback; an exception it throws is written to standard error instead of ending the process.
    /// </summary>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return fake.CreateTimer(static s => ((PooledCallback)s!).Queue(), new PooledCallback(callback, state), dueTime, period);
    }

    /// <summary>How many ticks to add to this thread's read of <paramref name="instant"/> (0 unless it keeps reading it).</summary>
    private long Creep(long instant)
    {
        var reads = t_reads ??= new Reads();
        if (!ReferenceEquals(reads.Clock, this) || reads.Instant != instant)
        {
            reads.Clock = this;
            reads.Instant = instant;
            reads.Count = 0;
            return 0;
        }

        return ++reads.Count > SpinReads ? reads.Count - SpinReads : 0;
    }

    /// <summary>A timer's callback and state, run on the thread pool each time the fake clock fires the timer.</summary>
    private sealed class PooledCallback(TimerCallback callback, object? state) : IThreadPoolWorkItem
    {
        public void Queue() => ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);

        public void Execute()
        {
            try
            {
                callback(state);
            }
            catch (Exception exception)
            {
                Console.Error.WriteLine($"A timer callback on the test cluster's fake clock threw: {exception}");
            }
        }
    }

    /// <summary>The instant a thread last read and how many times in a row.</summary>
    private sealed class Reads
    {
        public SpinSafeClock? Clock { get; set; }

        public long Instant { get; set; }

        public long Count { get; set; }
    }
}
