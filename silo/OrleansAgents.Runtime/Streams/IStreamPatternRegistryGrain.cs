namespace OrleansAgents.Runtime;

/// <summary>
/// The pattern subscriptions of one namespace of one provider (key <c>provider/namespace</c>). Active streams of the
/// namespace register with it and get the subscriptions matching their key; a new or removed pattern subscription is
/// pushed to the matching active streams before the call returns, so publishing never consults the registry.
/// </summary>
internal interface IStreamPatternRegistryGrain : IGrainWithStringKey
{
    /// <summary>Registers an active stream and returns the pattern subscriptions matching its key.</summary>
    Task<StreamSubscriptionRecord[]> RegisterStreamAsync(string key, Guid activation);

    /// <summary>Forgets an active stream (it deactivated).</summary>
    [OneWay]
    Task UnregisterStreamAsync(string key, Guid activation);

    /// <summary>Adds a pattern subscription and pushes it to the matching active streams.</summary>
    Task SubscribeAsync(StreamSubscriptionRecord subscription);

    /// <summary>Removes a pattern subscription from the registry and from the streams it matched.</summary>
    Task UnsubscribeAsync(Guid subscriptionId);

    /// <summary>The pattern subscriptions of one consumer grain.</summary>
    Task<StreamSubscriptionRecord[]> GetSubscriptionsAsync(string consumer);
}
