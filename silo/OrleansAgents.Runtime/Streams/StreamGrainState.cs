namespace OrleansAgents.Runtime;

/// <summary>What the pub-sub store keeps for one stream.</summary>
internal sealed class StreamGrainState
{
    /// <summary>Counts the stream's activations; sequence numbers are <c>epoch &lt;&lt; 32 | n</c>, so they grow across activations.</summary>
    public long Epoch { get; set; }

    /// <summary>The explicit subscriptions (implicit ones come from grain classes, pattern ones from the registry).</summary>
    public List<StreamSubscriptionRecord> Subscriptions { get; set; } = [];
}
