namespace OrleansAgents.Runtime;

/// <summary>What the pub-sub store keeps for the pattern subscriptions of one namespace.</summary>
internal sealed class StreamPatternRegistryState
{
    public List<StreamSubscriptionRecord> Subscriptions { get; set; } = [];

    /// <summary>
    /// The keys of the namespace's streams that are (or were, if their silo died) active. Kept in storage so a registry
    /// that moved to another silo still reaches them; a stale key only costs one call that activates its stream. The value
    /// identifies the activation, so a late unregistration of an old activation does not remove its successor.
    /// </summary>
    public Dictionary<string, Guid> ActiveStreams { get; set; } = new(StringComparer.Ordinal);
}
