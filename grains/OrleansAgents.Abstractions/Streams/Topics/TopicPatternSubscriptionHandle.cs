using Orleans.Streams;

namespace OrleansAgents.Streams.Topics;

/// <summary>
/// A subscription to a pattern: the Orleans subscription to the pattern's stream, and the pattern's registration,
/// which <see cref="UnsubscribeAsync"/> also removes.
/// </summary>
internal sealed class TopicPatternSubscriptionHandle(StreamSubscriptionHandle<TopicMessage> inner, ITopicPatternRegistryGrain registry, string pattern)
    : StreamSubscriptionHandle<TopicMessage>
{
    public override StreamId StreamId => inner.StreamId;

    public override string ProviderName => inner.ProviderName;

    public override Guid HandleId => inner.HandleId;

    public override async Task UnsubscribeAsync()
    {
        await inner.UnsubscribeAsync().ConfigureAwait(false);
        await registry.RemoveAsync(pattern).ConfigureAwait(false);
    }

    public override async Task<StreamSubscriptionHandle<TopicMessage>> ResumeAsync(IAsyncObserver<TopicMessage> observer, StreamSequenceToken? token = null) =>
        new TopicPatternSubscriptionHandle(await inner.ResumeAsync(observer, token).ConfigureAwait(false), registry, pattern);

    public override async Task<StreamSubscriptionHandle<TopicMessage>> ResumeAsync(IAsyncBatchObserver<TopicMessage> observer, StreamSequenceToken? token = null) =>
        new TopicPatternSubscriptionHandle(await inner.ResumeAsync(observer, token).ConfigureAwait(false), registry, pattern);

    public override bool Equals(StreamSubscriptionHandle<TopicMessage>? other) =>
        other is TopicPatternSubscriptionHandle wrapped ? inner.Equals(wrapped.Inner) : inner.Equals(other);

    public override bool Equals(object? obj) => obj is StreamSubscriptionHandle<TopicMessage> other && Equals(other);

    public override int GetHashCode() => inner.GetHashCode();

    private StreamSubscriptionHandle<TopicMessage> Inner => inner;
}
