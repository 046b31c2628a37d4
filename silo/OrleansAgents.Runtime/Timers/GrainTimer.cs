namespace OrleansAgents.Runtime;

/// <summary>A grain timer: its ticks are queued to the activation and the next tick is armed after one finishes.</summary>
internal sealed class GrainTimer : IGrainTimer
{
    private readonly ActivationData _activation;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly ITimer _timer;
    private readonly CancellationTokenSource _disposed = new();
    private TimeSpan _period;

    public GrainTimer(ActivationData activation, Func<CancellationToken, Task> callback, GrainTimerCreationOptions options, TimeProvider time)
    {
        _activation = activation;
        _callback = callback;
        _period = options.Period;
        Interleave = options.Interleave;
        KeepAlive = options.KeepAlive;
        _timer = time.CreateTimer(static state => ((GrainTimer)state!).OnDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(options.DueTime, Timeout.InfiniteTimeSpan);
    }

    public bool Interleave { get; }

    public bool KeepAlive { get; }

    public bool IsDisposed => _disposed.IsCancellationRequested;

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        _period = period;
        _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
    }

    public Task InvokeAsync() => IsDisposed ? Task.CompletedTask : _callback(_disposed.Token);

    /// <summary>Arms the next tick once this one finished, so ticks never overlap.</summary>
    public void OnTickCompleted()
    {
        if (!IsDisposed && _period != Timeout.InfiniteTimeSpan)
        {
            try
            {
                _timer.Change(_period, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // Disposed concurrently: no next tick.
            }
        }
    }

    public void Dispose()
    {
        if (!IsDisposed)
        {
            _disposed.Cancel();
            _timer.Dispose();
            _activation.OnTimerDisposed(this);
        }
    }

    private void OnDue()
    {
        if (!IsDisposed)
        {
            _activation.EnqueueTimerTick(this);
        }
    }
}
