namespace OrleansAgents.Streams;

/// <summary>Well-known stream provider and namespace names.</summary>
public static class StreamProviderNames
{
    /// <summary>The provider every silo has without configuration (in-memory unless replaced), used by the agent layer.</summary>
    public const string Default = "Default";

    /// <summary>The grain storage name subscriptions are persisted in (the pub-sub store).</summary>
    public const string PubSubStore = "PubSubStore";
}
