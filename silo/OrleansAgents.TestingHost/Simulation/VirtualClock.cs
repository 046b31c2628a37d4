namespace OrleansAgents.TestingHost;

/// <summary>
/// A simulation's clock as one silo (or the client) sees it: the shared virtual time, plus this silo's skew on the
/// wall-clock reading (<see cref="GetUtcNow"/>). Timestamps (durations) are not skewed. Timers are events of the
/// simulation's queue.
/// </summary>
internal sealed class VirtualClock(SimulationScheduler scheduler, TimeSpan skew, string owner = "client") : TimeProvider
{
    /// <summary>Virtual time zero: a fixed instant, so that every run of a seed reads the same dates.</summary>
    public static readonly DateTimeOffset Epoch = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public TimeSpan Skew { get; } = skew;

    public string Owner { get; } = owner;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => Epoch + TimeSpan.FromTicks(scheduler.Now) + Skew;

    /// <inheritdoc />
    public override long GetTimestamp() => scheduler.Now;

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new VirtualTimer(scheduler, Owner, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }
}

/// <summary>A timer of a simulation: armed in its queue, fired as a step on its thread.</summary>
internal sealed class VirtualTimer(SimulationScheduler scheduler, string owner, TimerCallback callback, object? state) : ITimer
{
    private long _version;
    private long _period = -1;
    private bool _disposed;

    public string Owner { get; } = owner;

    public bool IsArmed(long version) => !_disposed && Volatile.Read(ref _version) == version;

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        if (_disposed)
        {
            return false;
        }

        var version = Interlocked.Increment(ref _version);
        _period = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? -1 : period.Ticks;
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            var due = dueTime <= TimeSpan.Zero ? 0 : dueTime.Ticks;
            scheduler.Arm(this, scheduler.Now + due, version);
        }

        return true;
    }

    public void Fire()
    {
        if (_disposed)
        {
            return;
        }

        if (_period > 0)
        {
            scheduler.Arm(this, scheduler.Now + _period, Volatile.Read(ref _version));
        }

        callback(state);
    }

    /// <summary>The callback's method, which names the timer in the trace (the same in every run of a build).</summary>
    public override string ToString() => callback.Method.Name;

    public void Dispose() => _disposed = true;

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
