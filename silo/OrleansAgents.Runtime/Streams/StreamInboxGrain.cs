namespace OrleansAgents.Runtime;

/// <summary>
/// The inbox of one client subscription (see <see cref="IStreamInboxGrain"/>). Reentrant: a poll waits for deliveries
/// while deliveries come in; all of it runs on the activation's single thread, so no locks.
/// </summary>
[GrainType(StreamKeys.InboxGrainType)]
[Reentrant]
internal sealed class StreamInboxGrain : Grain, IStreamInboxGrain, IStreamInboxSink
{
    private readonly Queue<StreamDelivery> _queue = new();
    private readonly StreamProviderRuntime _runtime;
    private readonly TimeProvider _time;
    private TaskCompletionSource _changed;
    private int _queuedItems;
    private long _lastPoll;
    private bool _closed;

    public StreamInboxGrain(StreamProviderRegistry registry, TimeProvider time)
    {
        _runtime = registry.GetRuntime(StreamKeys.ProviderOf(GrainKey.Value));
        _time = time;
        _lastPoll = time.GetTimestamp();
        _changed = _runtime.NewSignal();
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var lease = _runtime.Options.ClientLeaseTimeout;
        RegisterGrainTimer(CheckLeaseAsync, new GrainTimerCreationOptions(lease, lease) { Interleave = true });
        return Task.CompletedTask;
    }

    public async Task AcceptAsync(StreamDelivery delivery)
    {
        while (!_closed && _queuedItems >= _runtime.Options.BufferCapacity)
        {
            await _changed.Task.ConfigureAwait(true);
        }

        ThrowIfClosed();
        _queue.Enqueue(delivery);
        _queuedItems += Math.Max(1, delivery.Items.Length);
        Signal();
    }

    public async Task<StreamDelivery[]> PollAsync(int max, TimeSpan wait, CancellationToken cancellationToken)
    {
        _lastPoll = _time.GetTimestamp();
        ThrowIfClosed();
        if (_queue.Count == 0)
        {
            using var timeout = new CancellationTokenSource(wait, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            await _changed.Task.WaitAsync(linked.Token).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
            cancellationToken.ThrowIfCancellationRequested();
            ThrowIfClosed();
        }

        _lastPoll = _time.GetTimestamp();
        var count = Math.Min(Math.Max(1, max), _queue.Count);
        var batch = new StreamDelivery[count];
        for (var i = 0; i < count; i++)
        {
            batch[i] = _queue.Dequeue();
            _queuedItems -= Math.Max(1, batch[i].Items.Length);
        }

        if (count > 0)
        {
            Signal();
        }

        return batch;
    }

    public Task CloseAsync()
    {
        Close();
        return Task.CompletedTask;
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new StreamSubscriptionExpiredException($"Inbox {GrainKey} is closed: its subscriber unsubscribed, was disposed or did not poll within {_runtime.Options.ClientLeaseTimeout}.");
        }
    }

    private Task CheckLeaseAsync(CancellationToken cancellationToken)
    {
        var idle = _time.GetElapsedTime(_lastPoll);
        if (idle >= _runtime.Options.ClientLeaseTimeout)
        {
            Close();
        }

        return Task.CompletedTask;
    }

    private void Close()
    {
        _closed = true;
        _queue.Clear();
        _queuedItems = 0;
        Signal();
        DeactivateOnIdle();
    }

    private void Signal()
    {
        var changed = _changed;
        _changed = _runtime.NewSignal();
        _runtime.Signal(changed);
    }
}

/// <summary>A grain that takes deliveries itself instead of through attached observers.</summary>
internal interface IStreamInboxSink
{
    Task AcceptAsync(StreamDelivery delivery);
}
