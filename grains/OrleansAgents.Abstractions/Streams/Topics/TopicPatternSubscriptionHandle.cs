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

    /// <summary>
    /// Resumes the pattern stream's subscription and makes sure the pattern is registered: a subscribe that failed after
    /// its subscription landed in the pub-sub store (a write that timed out but was applied) never registered it, and
    /// the routers would forward nothing to the subscription found and resumed later.
    /// </summary>
    public override async Task<StreamSubscriptionHandle<TopicMessage>> ResumeAsync(IAsyncObserver<TopicMessage> observer, StreamSequenceToken? token = null) =>
        await EnsureRegisteredAsync(await inner.ResumeAsync(observer, token).ConfigureAwait(false)).ConfigureAwait(false);

    /// <inheritdoc cref="ResumeAsync(IAsyncObserver{TopicMessage}, StreamSequenceToken?)"/>
    public override async Task<StreamSubscriptionHandle<TopicMessage>> ResumeAsync(IAsyncBatchObserver<TopicMessage> observer, StreamSequenceToken? token = null) =>
        await EnsureRegisteredAsync(await inner.ResumeAsync(observer, token).ConfigureAwait(false)).ConfigureAwait(false);

    public override bool Equals(StreamSubscriptionHandle<TopicMessage>? other) =>
        other is TopicPatternSubscriptionHandle wrapped ? inner.Equals(wrapped.Inner) : inner.Equals(other);

    public override bool Equals(object? obj) => obj is StreamSubscriptionHandle<TopicMessage> other && Equals(other);

    public override int GetHashCode() => inner.GetHashCode();

    private StreamSubscriptionHandle<TopicMessage> Inner => inner;

    private async Task<StreamSubscriptionHandle<TopicMessage>> EnsureRegisteredAsync(StreamSubscriptionHandle<TopicMessage> resumed)
    {
        await registry.EnsureAsync(pattern).ConfigureAwait(false);
        return new TopicPatternSubscriptionHandle(resumed, registry, pattern);
    }
}
