using Orleans.Streams;
using OrleansAgents.Streams;
using OrleansAgents.Streams.Topics;

namespace OrleansAgents.Chaos.Tests.Topics;

/// <summary>
/// A grain subscribed to one topic or pattern that records every delivery in the <see cref="DeliveryLog"/>. Its subscribe
/// is idempotent (a retried subscribe whose first try was applied attaches to the subscription it made, instead of
/// making a second), and a new activation resumes the subscription it stored.
/// </summary>
public interface IChaosSubscriberGrain : IGrainWithStringKey
{
    Task SubscribeAsync(string topicOrPattern);

    /// <summary>How many subscriptions the grain holds on <paramref name="topicOrPattern"/> (for a failure's message).</summary>
    Task<int> CountSubscriptionsAsync(string topicOrPattern);
}

[GenerateSerializer]
public sealed class ChaosSubscriberState
{
    [Id(0)]
    public string? Subscription { get; set; }
}

public sealed class ChaosSubscriberGrain(
    [PersistentState("subscriber", "Default")] IPersistentState<ChaosSubscriberState> state,
    DeliveryLog log) : Grain, IChaosSubscriberGrain
{
    private int _activation;

    private IStreamProvider Topics => this.GetStreamProvider(StreamProviderNames.Default);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _activation = log.Activated(this.GetPrimaryKeyString());
        if (state.State.Subscription is { } subscription)
        {
            await AttachAsync(subscription);
        }
    }

    public async Task SubscribeAsync(string topicOrPattern)
    {
        if (!await AttachAsync(topicOrPattern))
        {
            await Topics.SubscribeToTopicAsync(topicOrPattern, new Observer(this));
        }

        if (state.State.Subscription != topicOrPattern)
        {
            state.State.Subscription = topicOrPattern;
            await state.WriteStateAsync();
        }
    }

    public async Task<int> CountSubscriptionsAsync(string topicOrPattern) =>
        (await Topics.GetTopicSubscriptionHandlesAsync(topicOrPattern)).Count;

    /// <summary>Resumes the existing subscriptions to <paramref name="topicOrPattern"/>; false when there is none.</summary>
    private async Task<bool> AttachAsync(string topicOrPattern)
    {
        var handles = await Topics.GetTopicSubscriptionHandlesAsync(topicOrPattern);
        foreach (var handle in handles)
        {
            await handle.ResumeAsync(new Observer(this));
        }

        return handles.Count > 0;
    }

    private void Record(TopicMessage message, StreamSequenceToken? token) =>
        log.Record(this.GetPrimaryKeyString(), new Delivery(message.GetPayload<int>(), token?.SequenceNumber ?? -1, _activation, RuntimeIdentity));

    private sealed class Observer(ChaosSubscriberGrain grain) : IAsyncObserver<TopicMessage>
    {
        public Task OnNextAsync(TopicMessage item, StreamSequenceToken? token = null)
        {
            grain.Record(item, token);
            return Task.CompletedTask;
        }

        public Task OnCompletedAsync() => Task.CompletedTask;

        public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
    }
}
