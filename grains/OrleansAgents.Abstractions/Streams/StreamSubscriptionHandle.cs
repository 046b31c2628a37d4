namespace OrleansAgents.Streams;

/// <summary>
/// One subscription of one consumer to a stream (or to a key pattern within a namespace). It is serializable
/// information, not a live connection: a grain subscription outlives the grain's activation, and a new activation
/// re-attaches an observer with <see cref="ResumeAsync"/>.
/// </summary>
/// <typeparam name="T">The event type.</typeparam>
public abstract class StreamSubscriptionHandle<T>
{
    /// <summary>The subscription id, unique per subscription.</summary>
    public abstract Guid SubscriptionId { get; }

    /// <summary>The stream; for a pattern subscription the namespace and the pattern (see <see cref="Pattern"/>).</summary>
    public abstract StreamId StreamId { get; }

    /// <summary>The key pattern of a pattern subscription; <c>null</c> for a subscription to one stream.</summary>
    public abstract string? Pattern { get; }

    /// <summary>The provider name.</summary>
    public abstract string ProviderName { get; }

    /// <summary>Ends the subscription: no event reaches the observer after the returned task completes.</summary>
    public abstract Task UnsubscribeAsync();

    /// <summary>
    /// Attaches <paramref name="observer"/> to this subscription in the current activation (after a deactivation the
    /// subscription still exists, but has no observer until it is resumed). With <paramref name="token"/>, events are
    /// delivered again from that position on a rewindable provider.
    /// </summary>
    public abstract Task<StreamSubscriptionHandle<T>> ResumeAsync(IAsyncObserver<T> observer, StreamSequenceToken? token = null);

    /// <inheritdoc />
    public override string ToString() => Pattern is null
        ? $"subscription {SubscriptionId:N} to {ProviderName}:{StreamId}"
        : $"subscription {SubscriptionId:N} to {ProviderName}:{StreamId.Namespace}/{Pattern}";
}
