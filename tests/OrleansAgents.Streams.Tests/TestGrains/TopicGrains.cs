using OrleansAgents.Streams.Topics;

namespace OrleansAgents.Streams.Tests.TestGrains;

/// <summary>A grain that subscribes to topics and patterns and records what it receives in the <see cref="TopicProbe"/>.</summary>
public interface ISubscriberGrain : IGrainWithStringKey
{
    Task SubscribeAsync(string topicOrPattern);

    Task UnsubscribeAsync(string topicOrPattern);

    Task<string> GetSiloAsync();
}

/// <summary>A grain that publishes ints on a topic, one message at a time.</summary>
public interface IPublisherGrain : IGrainWithStringKey
{
    Task PublishAsync(string topic, int from, int count);
}

/// <summary>The topics and patterns a <see cref="SubscriberGrain"/> subscribed to, so that a new activation resumes them.</summary>
[GenerateSerializer]
public sealed class SubscriberState
{
    [Id(0)]
    public List<string> Subscriptions { get; set; } = [];
}

public sealed class SubscriberGrain(
    [PersistentState("subscriber", "Default")] IPersistentState<SubscriberState> state,
    TopicProbe probe) : Grain, ISubscriberGrain
{
    private int _activation;

    private string Name => this.GetPrimaryKeyString();

    private IStreamProvider Topics => this.GetStreamProvider(StreamProviderNames.Default);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _activation = probe.Activated(Name);

        // Subscriptions outlive the activation: a new activation attaches its observer again.
        foreach (var topic in state.State.Subscriptions)
        {
            foreach (var handle in await Topics.GetTopicSubscriptionHandlesAsync(topic))
            {
                await handle.ResumeAsync(new Observer(this));
            }
        }
    }

    public async Task SubscribeAsync(string topicOrPattern)
    {
        await Topics.SubscribeToTopicAsync(topicOrPattern, new Observer(this));
        state.State.Subscriptions.Add(topicOrPattern);
        await state.WriteStateAsync();
    }

    public async Task UnsubscribeAsync(string topicOrPattern)
    {
        foreach (var handle in await Topics.GetTopicSubscriptionHandlesAsync(topicOrPattern))
        {
            await handle.UnsubscribeAsync();
        }

        state.State.Subscriptions.Remove(topicOrPattern);
        await state.WriteStateAsync();
    }

    public Task<string> GetSiloAsync() => Task.FromResult(RuntimeIdentity);

    private void Record(TopicMessage message) =>
        probe.Record(Name, new Received(message.Topic, message.GetPayload<int>(), RuntimeIdentity, _activation));

    private sealed class Observer(SubscriberGrain grain) : IAsyncObserver<TopicMessage>
    {
        public Task OnNextAsync(TopicMessage item, StreamSequenceToken? token = null)
        {
            grain.Record(item);
            return Task.CompletedTask;
        }

        public Task OnCompletedAsync() => Task.CompletedTask;

        public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
    }
}

public sealed class PublisherGrain : Grain, IPublisherGrain
{
    public async Task PublishAsync(string topic, int from, int count)
    {
        var topics = this.GetStreamProvider(StreamProviderNames.Default);
        for (var i = from; i < from + count; i++)
        {
            await topics.PublishAsync(topic, i);
        }
    }
}
