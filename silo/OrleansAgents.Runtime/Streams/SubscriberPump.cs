using OrleansAgents.Streams;

namespace OrleansAgents.Runtime;

/// <summary>
/// The ordered, bounded delivery of one stream to one subscriber: the stream appends (waiting for room, or failing,
/// as configured), one loop delivers batches to the consumer grain one call at a time, so the subscriber sees the
/// stream's order. Failures (the consumer's silo left, a call timed out, its activation failed) are retried; a batch is only given
/// up after <c>MaxDeliveryAttempts</c>, with an error in the log.
/// </summary>
internal sealed class SubscriberPump
{
    private readonly Lock _lock = new();
    private readonly Queue<StreamEntry> _queue = new();
    private readonly StreamProviderRuntime _runtime;
    private readonly StreamId _stream;
    private readonly IStreamConsumerGrain _consumer;
    private readonly Action<SubscriberPump> _onExpired;
    private readonly CancellationTokenSource _stop;
    private TaskCompletionSource? _dataWaiter;
    private TaskCompletionSource? _roomWaiter;
    private TaskCompletionSource? _emptyWaiter;
    private int _inFlight;
    private bool _stopped;
    private Task? _loop;

    public SubscriberPump(StreamProviderRuntime runtime, StreamId stream, StreamSubscriptionRecord subscription, Action<SubscriberPump> onExpired)
    {
        _runtime = runtime;
        _stream = stream;
        Subscription = subscription;
        _onExpired = onExpired;
        _consumer = runtime.Grains.GetGrain<IStreamConsumerGrain>(subscription.ConsumerId);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(runtime.Stopping);
    }

    public StreamSubscriptionRecord Subscription { get; private set; }

    public bool IsStopped => Volatile.Read(ref _stopped);

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    public void Start() => _loop = _runtime.StartLoop(RunAsync);

    public void Update(StreamSubscriptionRecord subscription) => Subscription = subscription;

    public bool HasRoomFor(int count)
    {
        lock (_lock)
        {
            return _queue.Count + count <= _runtime.Options.BufferCapacity || _queue.Count == 0;
        }
    }

    /// <summary>Appends entries, waiting for room as needed; returns early if the pump stops.</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<StreamEntry> entries)
    {
        var capacity = _runtime.Options.BufferCapacity;
        var offset = 0;
        while (offset < entries.Length)
        {
            Task? wait = null;
            lock (_lock)
            {
                if (_stopped)
                {
                    return;
                }

                var room = capacity - _queue.Count;
                if (room > 0)
                {
                    var take = Math.Min(room, entries.Length - offset);
                    foreach (var entry in entries.Span.Slice(offset, take))
                    {
                        _queue.Enqueue(entry);
                    }

                    offset += take;
                    WakeLocked(ref _dataWaiter);
                }
                else
                {
                    wait = (_roomWaiter ??= _runtime.NewSignal()).Task;
                }
            }

            if (wait is not null)
            {
                await wait.WaitAsync(_runtime.Stopping).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
                if (_runtime.Stopping.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Appends without waiting (the caller checked <see cref="HasRoomFor"/>).</summary>
    public void Write(ReadOnlySpan<StreamEntry> entries)
    {
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            foreach (var entry in entries)
            {
                _queue.Enqueue(entry);
            }

            WakeLocked(ref _dataWaiter);
        }
    }

    /// <summary>Waits until everything queued was delivered, or <paramref name="cancellationToken"/> fires.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        Task wait;
        lock (_lock)
        {
            if ((_queue.Count == 0 && _inFlight == 0) || _stopped)
            {
                return;
            }

            wait = (_emptyWaiter ??= _runtime.NewSignal()).Task;
        }

        // Back on the caller's context (the stream grain's turn), wherever the wake-up or the cancellation came from.
        await wait.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Stops delivering: what is still queued is dropped (and counted in the log), waiting writers return.</summary>
    public async Task StopAsync()
    {
        int dropped;
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            dropped = _queue.Count;
            _queue.Clear();
            WakeLocked(ref _dataWaiter);
            WakeLocked(ref _roomWaiter);
            WakeLocked(ref _emptyWaiter);
        }

        await _runtime.CancelAsync(_stop).ConfigureAwait(false);
        if (dropped > 0)
        {
            StreamLog.UndeliveredOnStop(_runtime.Logger, Subscription.Id, _stream, dropped);
        }

        if (_loop is { } loop)
        {
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var token = _stop.Token;
        while (!Volatile.Read(ref _stopped) && !token.IsCancellationRequested)
        {
            StreamDelivery? delivery;
            Task? wait = null;
            lock (_lock)
            {
                delivery = TakeBatchLocked();
                if (delivery is null)
                {
                    WakeLocked(ref _emptyWaiter);
                    wait = (_dataWaiter ??= _runtime.NewSignal()).Task;
                }
            }

            if (wait is not null)
            {
                await wait.WaitAsync(token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            await DeliverAsync(delivery!, token).ConfigureAwait(false);
            lock (_lock)
            {
                _inFlight = 0;
                WakeLocked(ref _roomWaiter);
            }
        }
    }

    private StreamDelivery? TakeBatchLocked()
    {
        if (_queue.Count == 0)
        {
            return null;
        }

        var first = _queue.Dequeue();
        if (first.Kind != StreamDeliveryKind.Items)
        {
            _inFlight = 1;
            return NewDelivery(first.Kind, [], [first.Sequence], first.Error);
        }

        var count = 1;
        var max = Math.Min(_runtime.Options.MaxBatchSize, _queue.Count + 1);
        var items = new object?[max];
        var sequences = new long[max];
        items[0] = first.Item;
        sequences[0] = first.Sequence;
        while (count < max && _queue.TryPeek(out var next) && next.Kind == StreamDeliveryKind.Items)
        {
            _queue.Dequeue();
            items[count] = next.Item;
            sequences[count] = next.Sequence;
            count++;
        }

        if (count < max)
        {
            Array.Resize(ref items, count);
            Array.Resize(ref sequences, count);
        }

        _inFlight = count;
        return NewDelivery(StreamDeliveryKind.Items, items, sequences, null);
    }

    private StreamDelivery NewDelivery(StreamDeliveryKind kind, object?[] items, long[] sequences, string? error) => new()
    {
        Provider = _runtime.Name,
        Namespace = _stream.Namespace,
        Key = _stream.Key,
        SubscriptionId = Subscription.Id,
        Kind = kind,
        Items = items,
        Sequences = sequences,
        Error = error,
    };

    private async Task DeliverAsync(StreamDelivery delivery, CancellationToken token)
    {
        for (var attempt = 1; ; attempt++)
        {
            var call = _consumer.DeliverAsync(delivery);
            try
            {
                await call.WaitAsync(token).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // Stopped (unsubscribed, or the silo stops) while the call is out: do not wait for it.
                call.Forget();
                return;
            }
            catch (StreamSubscriptionExpiredException)
            {
                StreamLog.SubscriptionExpired(_runtime.Logger, Subscription.Id, _stream);
                _onExpired(this);
                return;
            }
            catch (Exception exception) when (exception is not StreamObserverNotAttachedException && attempt < _runtime.Options.MaxDeliveryAttempts)
            {
                // Transient as far as the pump can tell: the consumer's silo left, a call timed out, or the consumer's
                // activation failed (its OnActivateAsync met the same faults: a call that timed out, a storage error).
                // Observer exceptions never get here (they are the subscriber's, logged where they happen), and a
                // grain that did not resume the subscription is not retried. The backoff doubles up to a second, so
                // the attempts span the time a dead silo takes to be noticed and the subscriber to move.
                try
                {
                    await Task.Delay(RetryDelay(attempt), _runtime.Time, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (Exception exception)
            {
                StreamLog.DeliveryFailed(_runtime.Logger, exception, Math.Max(1, delivery.Items.Length), _stream, Subscription.Consumer, Subscription.Id, attempt);
                return;
            }
        }
    }

    private static TimeSpan RetryDelay(int attempt) => TimeSpan.FromMilliseconds(Math.Min(50 << Math.Min(attempt - 1, 5), 1000));

    private void WakeLocked(ref TaskCompletionSource? waiter)
    {
        if (waiter is not null)
        {
            _runtime.Signal(waiter);
            waiter = null;
        }
    }
}
