using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansAgents.Runtime;

internal sealed partial class ActivationData
{
    private List<IStateLoader>? _states;
    private List<GrainTimer>? _timers;
    private TaskCompletionSource? _deactivated;

    /// <summary>Completes when the activation has been deactivated (or dropped).</summary>
    public Task Deactivated
    {
        get
        {
            lock (_lock)
            {
                if (State == ActivationState.Invalid)
                {
                    return Task.CompletedTask;
                }

                return (_deactivated ??= new TaskCompletionSource(DeactivatedOptions)).Task;
            }
        }
    }

    public IGrainTimer RegisterTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        var timer = new GrainTimer(this, callback, options, _catalog.Time);
        lock (_lock)
        {
            (_timers ??= []).Add(timer);
        }

        return timer;
    }

    public void OnTimerDisposed(GrainTimer timer)
    {
        lock (_lock)
        {
            _timers?.Remove(timer);
        }
    }

    public object CreatePersistentState(Func<string, GrainId, IGrainStorage, JsonSerializerOptions, IStateLoader> factory, PersistentStateAttribute attribute, Type grainClass)
    {
        var storageName = attribute.StorageName ?? StorageNames.Default;
        var storage = Services.GetKeyedService<IGrainStorage>(storageName)
            ?? throw new InvalidOperationException($"Grain class {grainClass.FullName} keeps state '{attribute.StateName}' in storage provider '{storageName}', which is not registered. Add it with silo.AddMemoryGrainStorage(\"{storageName}\") or silo.AddPostgresGrainStorage(\"{storageName}\", ...).");
        var state = factory(attribute.StateName, GrainId, storage, _catalog.Messenger.JsonOptions);
        (_states ??= []).Add(state);
        return state;
    }

    /// <summary>Drops the activation without running <c>OnDeactivateAsync</c> (the silo was killed).</summary>
    public void Kill()
    {
        List<GrainTimer>? timers;
        lock (_lock)
        {
            State = ActivationState.Invalid;
            _requests = null;
            _work = null;
            timers = _timers;
            _timers = null;
        }

        DisposeTimers(timers);
        FenceStates($"its silo {_catalog.Messenger.Address} was killed");
        CompleteDeactivated();
    }

    /// <summary>
    /// Cancels <paramref name="timeout"/> after <see cref="GrainCollectionOptions.DeactivationTimeout"/> unless
    /// <paramref name="hook"/> (a grain's activation or deactivation hook) has already completed. Most hooks complete
    /// synchronously, and a timer made for each would be created and disposed at once, twice per activation.
    /// </summary>
    private ITimer? CancelAfterTimeoutUnlessDone(Task hook, CancellationTokenSource timeout) =>
        hook.IsCompleted
            ? null
            : _catalog.Time.CreateTimer(
                static state =>
                {
                    try
                    {
                        ((CancellationTokenSource)state!).Cancel();
                    }
                    catch (ObjectDisposedException)
                    {
                        // The hook finished and its token source was disposed as the timer fired.
                    }
                },
                timeout,
                _catalog.CollectionOptions.DeactivationTimeout,
                Timeout.InfiniteTimeSpan);

    private async Task ActivateAsync()
    {
        try
        {
            Grain = _class.CreateInstance(this);
            if (_states is not null)
            {
                foreach (var state in _states)
                {
                    await state.ReadStateAsync(CancellationToken.None).ConfigureAwait(true);
                }
            }

            if (Grain is Grain grain)
            {
                using var timeout = new CancellationTokenSource();
                var activating = grain.OnActivateAsync(timeout.Token);
                using var timer = CancelAfterTimeoutUnlessDone(activating, timeout);
                await activating.ConfigureAwait(true);
            }

            lock (_lock)
            {
                if (State == ActivationState.Activating)
                {
                    State = ActivationState.Valid;
                    PromoteInterleavableRequestsLocked();
                }
            }
        }
        catch (Exception exception)
        {
            Log.ActivationFailed(_catalog.Logger, exception, GrainId);
            var pending = Invalidate();
            foreach (var message in pending.OfType<Message>())
            {
                _catalog.Messenger.Fail(message, exception);
            }

            _catalog.OnDeactivated(this, []);
        }
    }

    private void PromoteInterleavableRequestsLocked()
    {
        if (_requests is not { Count: > 0 })
        {
            return;
        }

        var waiting = _requests.Count;
        for (var i = 0; i < waiting; i++)
        {
            var request = _requests.Dequeue();
            if (IsInterleavable(request))
            {
                _running++;
                (_work ??= new()).Enqueue(WorkItem.Start(request));
            }
            else
            {
                _requests.Enqueue(request);
            }
        }
    }

    private async Task DeactivateAsync()
    {
        List<GrainTimer>? timers;
        lock (_lock)
        {
            timers = _timers;
            _timers = null;
        }

        DisposeTimers(timers);
        if (Grain is Grain grain)
        {
            try
            {
                using var timeout = new CancellationTokenSource();
                var deactivating = grain.OnDeactivateAsync(_deactivationReason, timeout.Token);
                using var timer = CancelAfterTimeoutUnlessDone(deactivating, timeout);
                await deactivating.WaitAsync(_catalog.CollectionOptions.DeactivationTimeout, _catalog.Time).ConfigureAwait(true);
            }
            catch (Exception exception)
            {
                Log.DeactivationFailed(_catalog.Logger, exception, GrainId);
            }
        }

        Telemetry.ActivationsCollected.Add(1);
        _catalog.OnDeactivated(this, Invalidate());
    }

    private List<object> Invalidate()
    {
        List<object> pending;
        lock (_lock)
        {
            State = ActivationState.Invalid;
            pending = _requests is null ? [] : [.. _requests];
            _requests = null;
        }

        FenceStates("its activation was deactivated");
        CompleteDeactivated();
        return pending;
    }

    /// <summary>
    /// Cuts the activation's persistent states off from storage once it is gone (deactivated or killed): grain code
    /// still in flight after that (an awaited call that returns late, a run the grain did not stop) cannot write
    /// over what a newer activation of the same grain may have written, nor read for it. A write it attempts fails
    /// with <see cref="SiloUnavailableException"/>.
    /// </summary>
    private void FenceStates(string reason)
    {
        if (_states is { } states)
        {
            foreach (var state in states)
            {
                state.Fence(reason);
            }
        }
    }

    private static void DisposeTimers(List<GrainTimer>? timers)
    {
        if (timers is null)
        {
            return;
        }

        foreach (var timer in timers.ToArray())
        {
            timer.Dispose();
        }
    }
}
