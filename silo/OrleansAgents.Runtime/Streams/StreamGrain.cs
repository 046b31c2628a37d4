using OrleansAgents.Hosting;
using OrleansAgents.Streams;

namespace OrleansAgents.Runtime;

/// <summary>
/// The rendezvous of one stream (see <see cref="IStreamGrain"/>). Publishing is a turn: the provider's queue
/// (<see cref="IStreamQueue"/>) sequences the batch, which is then appended to every subscriber's pump, so every
/// subscriber sees the same order. Subscription changes are persisted in the pub-sub store; the pumps live in the
/// activation.
/// </summary>
[GrainType(StreamKeys.StreamGrainType)]
internal sealed class StreamGrain : Grain, IStreamGrain
{
    private readonly IPersistentState<StreamGrainState> _state;
    private readonly StreamProviderRegistry _registry;
    private readonly GatedStateWriter<StreamGrainState> _writer;
    private readonly Dictionary<Guid, SubscriberPump> _pumps = [];
    private readonly HashSet<Guid> _implicitIds = [];
    private readonly HashSet<Guid> _patternIds = [];
    private SubscriberPump[] _pumpList = [];
    private StreamProviderRuntime _runtime = null!;
    private StreamId _stream;
    private IStreamQueue _queue = null!;
    private Guid _activationId;
    private bool _registeredWithPatterns;

    public StreamGrain(
        [PersistentState("pubsub", StreamProviderNames.PubSubStore)] IPersistentState<StreamGrainState> state,
        StreamProviderRegistry registry)
    {
        _state = state;
        _writer = new GatedStateWriter<StreamGrainState>(state);
        _registry = registry;
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (var provider, _stream) = StreamKeys.ParseStream(GrainKey.Value);
        _runtime = _registry.GetRuntime(provider);
        _activationId = _runtime.NewId();
        _state.State.Epoch++;
        await _state.WriteStateAsync().ConfigureAwait(true);
        _queue = await _runtime.Queues.OpenAsync(_runtime.Name, _stream, _state.State.Epoch, cancellationToken).ConfigureAwait(true);
        foreach (var subscription in _state.State.Subscriptions)
        {
            AddPump(subscription);
        }

        foreach (var grainType in _registry.Implicit.GrainTypesFor(_stream.Namespace))
        {
            var id = ImplicitSubscriptionTable.SubscriptionId(grainType, _stream);
            _implicitIds.Add(id);
            AddPump(new StreamSubscriptionRecord(id, new GrainId(grainType, new GrainKey(_stream.Key)).ToString()));
        }

        if (_runtime.Options.PatternNamespaces.Contains(_stream.Namespace))
        {
            var patterns = await _runtime.PatternRegistry(_stream.Namespace).RegisterStreamAsync(_stream.Key, _activationId).ConfigureAwait(true);
            _registeredWithPatterns = true;
            ApplyPatterns(patterns);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_registeredWithPatterns)
        {
            _runtime.PatternRegistry(_stream.Namespace).UnregisterStreamAsync(_stream.Key, _activationId).Forget();
        }

        using var limit = new CancellationTokenSource(_runtime.Options.DrainTimeout, _runtime.Time);
        using var drain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        await Task.WhenAll(_pumpList.Select(p => p.DrainAsync(drain.Token))).ConfigureAwait(true);
        await Task.WhenAll(_pumpList.Select(p => p.StopAsync())).ConfigureAwait(true);
    }

    public async Task<long> EnqueueAsync(StreamBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var count = batch.Kind == StreamDeliveryKind.Items ? batch.Items.Length : 1;
        if (count == 0)
        {
            return _queue.LastSequence;
        }

        var pumps = _pumpList;
        var failWhenFull = _runtime.Options.BufferFullMode == StreamBufferFullMode.Fail;
        if (failWhenFull)
        {
            foreach (var pump in pumps)
            {
                if (!pump.HasRoomFor(count))
                {
                    throw new StreamBufferFullException($"Stream {_runtime.Name}:{_stream}: the buffer of subscription {pump.Subscription.Id:N} ({pump.Subscription.Consumer}) is full ({_runtime.Options.BufferCapacity} events, {nameof(MemoryStreamOptions)}.{nameof(MemoryStreamOptions.BufferCapacity)}); nothing was published.");
                }
            }
        }

        var appended = _queue.AppendAsync(batch, CancellationToken.None);
        var entries = appended.IsCompletedSuccessfully ? appended.Result : await appended.ConfigureAwait(true);
        foreach (var pump in pumps)
        {
            if (failWhenFull)
            {
                pump.Write(entries);
                continue;
            }

            var write = pump.WriteAsync(entries);
            if (!write.IsCompletedSuccessfully)
            {
                await write.ConfigureAwait(true);
            }
        }

        return entries[^1].Sequence;
    }

    public async Task SubscribeAsync(StreamSubscriptionRecord subscription, long? fromSequence)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        if (subscription.Pattern is not null)
        {
            throw new ArgumentException("A pattern subscription goes to the pattern registry, not to one stream.", nameof(subscription));
        }

        IReadOnlyList<StreamEntry> replay = [];
        if (fromSequence is { } from)
        {
            // Read first: a position the queue cannot serve fails the subscription before it is stored.
            replay = await _queue.ReadFromAsync(from, CancellationToken.None).ConfigureAwait(true);
        }

        // Idempotent by subscription id (the caller draws it before the call): a retry after a lost answer, or after a
        // timed-out write that was applied, finds the subscription stored and its pump running, and adds neither again.
        if (!_state.State.Subscriptions.Exists(s => s.Id == subscription.Id))
        {
            await WriteAsync(s => s.Subscriptions.Add(subscription)).ConfigureAwait(true);
        }

        if (!_pumps.TryGetValue(subscription.Id, out var pump))
        {
            pump = AddPump(subscription);
        }

        if (replay.Count > 0)
        {
            await pump.WriteAsync(replay.ToArray()).ConfigureAwait(true);
        }
    }

    public async Task UnsubscribeAsync(Guid subscriptionId)
    {
        if (_implicitIds.Contains(subscriptionId) || _patternIds.Contains(subscriptionId))
        {
            return;
        }

        if (_state.State.Subscriptions.Exists(s => s.Id == subscriptionId))
        {
            await WriteAsync(s => s.Subscriptions.RemoveAll(r => r.Id == subscriptionId)).ConfigureAwait(true);
        }

        await RemovePumpAsync(subscriptionId).ConfigureAwait(true);
    }

    public Task<StreamSubscriptionRecord[]> GetSubscriptionsAsync(string consumer) =>
        Task.FromResult(_state.State.Subscriptions.Where(s => s.Consumer == consumer).ToArray());

    public async Task SetPatternSubscriptionsAsync(StreamSubscriptionRecord[] subscriptions)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        var removed = _patternIds.Where(id => subscriptions.All(s => s.Id != id)).ToArray();
        ApplyPatterns(subscriptions);
        foreach (var id in removed)
        {
            _patternIds.Remove(id);
            await RemovePumpAsync(id).ConfigureAwait(true);
        }
    }

    private void ApplyPatterns(StreamSubscriptionRecord[] subscriptions)
    {
        foreach (var subscription in subscriptions)
        {
            if (_patternIds.Add(subscription.Id))
            {
                AddPump(subscription);
            }
        }
    }

    private SubscriberPump AddPump(StreamSubscriptionRecord subscription)
    {
        if (_pumps.TryGetValue(subscription.Id, out var existing))
        {
            return existing;
        }

        var pump = new SubscriberPump(_runtime, _stream, subscription, OnExpired);
        _pumps[subscription.Id] = pump;
        _pumpList = [.. _pumps.Values];
        pump.Start();
        return pump;
    }

    private async Task RemovePumpAsync(Guid subscriptionId)
    {
        if (_pumps.Remove(subscriptionId, out var pump))
        {
            _pumpList = [.. _pumps.Values];
            await pump.StopAsync().ConfigureAwait(true);
        }
    }

    /// <summary>Called off the grain's thread when a client's inbox is gone: remove the subscription through a call, as a turn.</summary>
    private void OnExpired(SubscriberPump pump)
    {
        var id = pump.Subscription.Id;
        var removal = pump.Subscription.Pattern is null
            ? _runtime.StreamGrain(_stream).UnsubscribeAsync(id)
            : _runtime.PatternRegistry(_stream.Namespace).UnsubscribeAsync(id);
        removal.Forget();
    }

    /// <summary>Changes and writes the state; after a failed write, the pumps follow what is stored (a timed-out subscribe that was applied delivers, as its retry finds).</summary>
    private Task WriteAsync(Action<StreamGrainState> change) => _writer.WriteAsync(change, SyncPumpsWithStateAsync);

    /// <summary>Runs a pump for every stored subscription and none for an explicit one that is no longer stored.</summary>
    private async Task SyncPumpsWithStateAsync()
    {
        var stored = _state.State.Subscriptions;
        foreach (var subscription in stored)
        {
            AddPump(subscription);
        }

        foreach (var id in _pumps.Keys.ToArray())
        {
            if (!_implicitIds.Contains(id) && !_patternIds.Contains(id) && !stored.Exists(s => s.Id == id))
            {
                await RemovePumpAsync(id).ConfigureAwait(true);
            }
        }
    }
}
