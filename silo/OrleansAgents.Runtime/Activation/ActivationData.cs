namespace OrleansAgents.Runtime;

/// <summary>
/// One live activation of a grain: its mailbox and its single-threaded turn scheduler.
/// </summary>
/// <remarks>
/// The activation is its own <see cref="SynchronizationContext"/>: every piece of grain code — a request, the
/// continuation after an <c>await</c>, a timer tick — runs as a work item of this activation, one at a time,
/// on the thread pool. Requests wait in <c>_requests</c> until no other non-interleaving request is running
/// (turn-based concurrency); requests to <see cref="ReentrantAttribute"/> grains and
/// <see cref="AlwaysInterleaveAttribute"/> methods start at once but still never run in parallel with other
/// work of the same activation. Queues are created on first use, so an idle activation stays small.
/// </remarks>
internal sealed partial class ActivationData : SynchronizationContext, IThreadPoolWorkItem
{
    [ThreadStatic]
    internal static ActivationData? Constructing;

    private const int BatchSize = 64;
    private readonly Lock _lock = new();
    private readonly Catalog _catalog;
    private readonly GrainClassInfo _class;
    private Queue<object>? _requests;
    private Queue<WorkItem>? _work;
    private bool _scheduled;
    private int _running;
    private int _exclusive;
    private bool _deactivationRequested;
    private DeactivationReason _deactivationReason;
    private long _lastActive;
    private long _keepAliveUntil;

    public ActivationData(Catalog catalog, GrainClassInfo grainClass, GrainId grainId)
    {
        _catalog = catalog;
        _class = grainClass;
        GrainId = grainId;
        _lastActive = catalog.Time.GetTimestamp();
    }

    public GrainId GrainId { get; }

    public object? Grain { get; private set; }

    public ActivationState State { get; private set; }

    public IGrainFactory GrainFactory => _catalog.Messenger.GrainFactory;

    public IServiceProvider Services => _catalog.Services;

    public ReminderService Reminders => _catalog.Reminders;

    /// <summary>Queues a request. Returns <c>false</c> when the activation is gone and a new one is needed.</summary>
    public bool Enqueue(Message message)
    {
        lock (_lock)
        {
            if (State == ActivationState.Invalid)
            {
                return false;
            }

            if (State == ActivationState.Valid && !_deactivationRequested && message.IsInterleavable(_class.IsReentrant))
            {
                _running++;
                (_work ??= new()).Enqueue(WorkItem.Start(message));
            }
            else
            {
                (_requests ??= new()).Enqueue(message);
            }

            ScheduleLocked();
            return true;
        }
    }

    public void EnqueueTimerTick(GrainTimer timer)
    {
        lock (_lock)
        {
            if (State != ActivationState.Valid)
            {
                return;
            }

            if (timer.Interleave)
            {
                _running++;
                (_work ??= new()).Enqueue(WorkItem.Start(timer));
            }
            else
            {
                (_requests ??= new()).Enqueue(timer);
            }

            ScheduleLocked();
        }
    }

    /// <summary>Asks the activation to deactivate once its running requests finish.</summary>
    public void RequestDeactivation(DeactivationReason reason)
    {
        lock (_lock)
        {
            if (_deactivationRequested || State is ActivationState.Deactivating or ActivationState.Invalid)
            {
                return;
            }

            _deactivationRequested = true;
            _deactivationReason = reason;
            ScheduleLocked();
        }
    }

    /// <summary>Whether the activation has had nothing to do since <paramref name="idleSince"/> (a timestamp).</summary>
    public bool IsIdleSince(long idleSince)
    {
        lock (_lock)
        {
            return State == ActivationState.Valid && _running == 0 && (_requests?.Count ?? 0) == 0 && _lastActive <= idleSince &&
                _keepAliveUntil <= _catalog.Time.GetTimestamp();
        }
    }

    /// <summary>Keeps the activation from idle collection for at least <paramref name="duration"/>.</summary>
    public void DelayDeactivation(TimeSpan duration)
    {
        var until = _catalog.Time.GetTimestamp() + (long)(Math.Min(duration.TotalDays, 3650) * 86400 * _catalog.Time.TimestampFrequency);
        lock (_lock)
        {
            _keepAliveUntil = Math.Max(_keepAliveUntil, until);
        }
    }

    /// <inheritdoc />
    public override void Post(SendOrPostCallback d, object? state)
    {
        lock (_lock)
        {
            (_work ??= new()).Enqueue(WorkItem.Callback(d, state));
            ScheduleLocked();
        }
    }

    /// <inheritdoc />
    public override void Send(SendOrPostCallback d, object? state)
    {
        if (Current == this)
        {
            d(state);
            return;
        }

        using var done = new ManualResetEventSlim();
        Exception? error = null;
        Post(
            _ =>
            {
                try
                {
                    d(state);
                }
                catch (Exception exception)
                {
                    error = exception;
                }
                finally
                {
                    done.Set();
                }
            },
            null);
        done.Wait();
        if (error is not null)
        {
            throw new InvalidOperationException("A callback sent to a grain activation threw.", error);
        }
    }

    /// <inheritdoc />
    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Runs queued work, one item at a time, with this activation as the synchronization context.</summary>
    public void Execute()
    {
        var previous = Current;
        SetSynchronizationContext(this);
        try
        {
            var limit = BatchLimit;
            for (var i = 0; i < limit; i++)
            {
                WorkItem item;
                lock (_lock)
                {
                    if (!TryTakeNextLocked(out item))
                    {
                        _scheduled = false;
                        return;
                    }
                }

                Run(item);
            }

            Dispatch();
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }

    public override string ToString() => $"[Activation {GrainId} {State}]";

    private void ScheduleLocked()
    {
        if (!_scheduled)
        {
            _scheduled = true;
            Dispatch();
        }
    }

    private bool TryTakeNextLocked(out WorkItem item)
    {
        if (_work is { Count: > 0 })
        {
            item = _work.Dequeue();
            return true;
        }

        switch (State)
        {
            case ActivationState.Created:
                State = ActivationState.Activating;
                item = WorkItem.Activate();
                return true;
            case ActivationState.Valid when _deactivationRequested:
                if (_running == 0)
                {
                    State = ActivationState.Deactivating;
                    item = WorkItem.Deactivate();
                    return true;
                }

                break;
            case ActivationState.Valid when _requests is { Count: > 0 }:
                var next = _requests.Peek();
                var interleave = IsInterleavable(next);
                if (_exclusive == 0 || interleave)
                {
                    _requests.Dequeue();
                    _running++;
                    if (!interleave)
                    {
                        _exclusive++;
                    }

                    item = WorkItem.Start(next);
                    return true;
                }

                break;
        }

        item = default;
        return false;
    }

    private bool IsInterleavable(object requestOrTimer) => requestOrTimer switch
    {
        Message message => message.IsInterleavable(_class.IsReentrant),
        GrainTimer timer => timer.Interleave,
        _ => false,
    };

    private void Run(WorkItem item)
    {
        try
        {
            switch (item.Kind)
            {
                case WorkKind.Callback:
                    ((SendOrPostCallback)item.Target!)(item.State);
                    break;
                case WorkKind.Start when item.Target is Message message:
                    StartRequest(message);
                    break;
                case WorkKind.Start:
                    StartTimerTick((GrainTimer)item.Target!);
                    break;
                case WorkKind.Activate:
                    _ = ActivateAsync();
                    break;
                case WorkKind.Deactivate:
                    _ = DeactivateAsync();
                    break;
            }
        }
        catch (Exception exception)
        {
            Log.WorkItemFailed(_catalog.Logger, exception, GrainId);
        }
    }
}
