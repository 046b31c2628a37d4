namespace OrleansAgents.Runtime;

/// <summary>
/// The rendezvous of one stream (key <c>provider/namespace/key</c>): it persists the stream's subscriptions in the
/// pub-sub store, sequences what producers publish and feeds one ordered, bounded pump per subscriber.
/// </summary>
internal interface IStreamGrain : IGrainWithStringKey
{
    /// <summary>Sequences a batch and queues it for every subscriber; returns the last sequence number.</summary>
    Task<long> EnqueueAsync(StreamBatch batch);

    /// <summary>Adds (or, for an existing id, keeps) a subscription; with <paramref name="fromSequence"/> replays from there.</summary>
    Task SubscribeAsync(StreamSubscriptionRecord subscription, long? fromSequence);

    /// <summary>Removes a subscription; nothing more is delivered to it.</summary>
    [AlwaysInterleave]
    Task UnsubscribeAsync(Guid subscriptionId);

    /// <summary>The explicit subscriptions of one consumer grain.</summary>
    [AlwaysInterleave]
    Task<StreamSubscriptionRecord[]> GetSubscriptionsAsync(string consumer);

    /// <summary>The pattern registry tells the stream which pattern subscriptions match it now.</summary>
    [AlwaysInterleave]
    Task SetPatternSubscriptionsAsync(StreamSubscriptionRecord[] subscriptions);
}
