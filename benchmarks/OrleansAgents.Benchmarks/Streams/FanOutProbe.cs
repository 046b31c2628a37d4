namespace OrleansAgents.Benchmarks.Streams;

/// <summary>Counts deliveries and keeps every latency (in <see cref="System.Diagnostics.Stopwatch"/> ticks) of the current phase.</summary>
public sealed class FanOutProbe
{
    private long[] _latencies = new long[1];
    private long _delivered;
    private long _target = long.MaxValue;
    private TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long DeliveredCount => Volatile.Read(ref _delivered);

    /// <summary>Starts a phase that records up to <paramref name="capacity"/> latencies.</summary>
    public void Reset(int capacity)
    {
        _latencies = new long[capacity];
        Volatile.Write(ref _delivered, 0);
        Volatile.Write(ref _target, long.MaxValue);
    }

    /// <summary>Completes when <paramref name="count"/> deliveries of this phase have been counted.</summary>
    public Task WhenDelivered(long count)
    {
        _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _target, count);
        if (Volatile.Read(ref _delivered) >= count)
        {
            _reached.TrySetResult();
        }

        return _reached.Task;
    }

    public void Delivered(long latencyTicks)
    {
        var n = Interlocked.Increment(ref _delivered);
        if (n <= _latencies.Length)
        {
            _latencies[n - 1] = latencyTicks;
        }

        if (n >= Volatile.Read(ref _target))
        {
            _reached.TrySetResult();
        }
    }

    /// <summary>The latencies recorded in this phase, sorted.</summary>
    public long[] SortedLatencies()
    {
        var count = (int)Math.Min(DeliveredCount, _latencies.Length);
        var sorted = _latencies[..count];
        Array.Sort(sorted);
        return sorted;
    }
}
