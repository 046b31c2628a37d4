using OrleansAgents.Streams;

namespace OrleansAgents.Runtime;

/// <summary>
/// The stream side of one grain activation: the observers attached to its subscriptions, and its providers. Touched
/// only in the grain's turns. The subscriptions themselves are persisted by the streams (and the pattern registry),
/// so they outlive the activation; a new activation attaches observers again with <c>ResumeAsync</c>.
/// </summary>
internal sealed class GrainStreamConsumer(StreamProviderRegistry registry, GrainId grainId) : StreamConsumerBinding
{
    private readonly Dictionary<Guid, IObserverAdapter> _observers = [];
    private readonly Dictionary<string, IStreamProvider> _providers = new(StringComparer.Ordinal);
    private readonly string _consumer = grainId.ToString();

    public IStreamProvider GetProvider(string name)
    {
        if (!_providers.TryGetValue(name, out var provider))
        {
            provider = new StreamProvider(registry.GetRuntime(name), this);
            _providers[name] = provider;
        }

        return provider;
    }

    public Task DeliverAsync(StreamDelivery delivery)
    {
        if (!_observers.TryGetValue(delivery.SubscriptionId, out var observer))
        {
            throw new StreamObserverNotAttachedException($"Grain {grainId} has no observer for subscription {delivery.SubscriptionId:N} on {delivery.Provider}:{delivery.StreamId()}; resume it in OnActivateAsync (GetAllSubscriptionHandles, then ResumeAsync) or unsubscribe it.");
        }

        return observer.DeliverAsync(delivery, registry.GetRuntime(delivery.Provider));
    }

    public override async Task<StreamSubscriptionHandle<T>> SubscribeAsync<T>(StreamProviderRuntime runtime, StreamId stream, IAsyncObserver<T> observer, StreamSequenceToken? token)
    {
        if (ImplicitId(stream) is { } implicitId)
        {
            var info = new SubscriptionInfo(implicitId, stream, null, Implicit: true);
            _observers[implicitId] = new ObserverAdapter<T>(observer);
            if (token is not null)
            {
                await runtime.StreamGrain(stream).SubscribeAsync(new StreamSubscriptionRecord(implicitId, _consumer), token.SequenceNumber).ConfigureAwait(true);
            }

            return new SubscriptionHandle<T>(runtime, this, info);
        }

        var subscription = new SubscriptionInfo(runtime.NewId(), stream, null);
        return await AttachAndRegisterAsync(runtime, subscription, observer, token).ConfigureAwait(true);
    }

    public override Task<StreamSubscriptionHandle<T>> SubscribeToPatternAsync<T>(StreamProviderRuntime runtime, string @namespace, string pattern, IAsyncObserver<T> observer)
    {
        ValidatePattern(pattern);
        return AttachAndRegisterAsync(runtime, PatternInfo(runtime.NewId(), @namespace, pattern), observer, null);
    }

    public override async Task<IList<StreamSubscriptionHandle<T>>> GetHandlesAsync<T>(StreamProviderRuntime runtime, StreamId stream)
    {
        var records = await runtime.StreamGrain(stream).GetSubscriptionsAsync(_consumer).ConfigureAwait(true);
        var handles = new List<StreamSubscriptionHandle<T>>(records.Length + 1);
        if (ImplicitId(stream) is { } implicitId)
        {
            handles.Add(new SubscriptionHandle<T>(runtime, this, new SubscriptionInfo(implicitId, stream, null, Implicit: true)));
        }

        handles.AddRange(records.Select(r => new SubscriptionHandle<T>(runtime, this, new SubscriptionInfo(r.Id, stream, null))));
        return handles;
    }

    public override async Task<IList<StreamSubscriptionHandle<T>>> GetPatternHandlesAsync<T>(StreamProviderRuntime runtime, string @namespace)
    {
        var records = await runtime.PatternRegistry(@namespace).GetSubscriptionsAsync(_consumer).ConfigureAwait(true);
        return [.. records.Select(r => new SubscriptionHandle<T>(runtime, this, PatternInfo(r.Id, @namespace, r.Pattern!)))];
    }

    public override async Task UnsubscribeAsync(StreamProviderRuntime runtime, SubscriptionInfo subscription)
    {
        if (!subscription.Implicit)
        {
            await UnsubscribeRemoteAsync(runtime, subscription).ConfigureAwait(true);
        }

        // An implicit subscription comes from the grain class; it can only be detached in this activation.
        _observers.Remove(subscription.Id);
    }

    public override async Task ResumeAsync<T>(StreamProviderRuntime runtime, SubscriptionInfo subscription, IAsyncObserver<T> observer, StreamSequenceToken? token)
    {
        var adapter = new ObserverAdapter<T>(observer);
        if (token is null && _observers.TryGetValue(subscription.Id, out var previous))
        {
            // Resumed again in the same activation (a retried subscribe that found its subscription): a late or
            // retried frame must still be dropped, so the position is kept.
            adapter.ContinueFrom(previous);
        }

        _observers[subscription.Id] = adapter;
        if (token is not null)
        {
            await SubscribeRemoteAsync(runtime, subscription, _consumer, token).ConfigureAwait(true);
        }
    }

    private async Task<StreamSubscriptionHandle<T>> AttachAndRegisterAsync<T>(StreamProviderRuntime runtime, SubscriptionInfo subscription, IAsyncObserver<T> observer, StreamSequenceToken? token)
    {
        // Attach first: the first event may arrive as soon as the stream has the subscription.
        _observers[subscription.Id] = new ObserverAdapter<T>(observer);
        try
        {
            await SubscribeRemoteAsync(runtime, subscription, _consumer, token).ConfigureAwait(true);
        }
        catch
        {
            _observers.Remove(subscription.Id);
            throw;
        }

        return new SubscriptionHandle<T>(runtime, this, subscription);
    }

    private Guid? ImplicitId(StreamId stream) =>
        stream.Key == grainId.Key.Value && registry.Implicit.IsSubscribed(grainId.Type, stream.Namespace)
            ? ImplicitSubscriptionTable.SubscriptionId(grainId.Type, stream)
            : null;
}
