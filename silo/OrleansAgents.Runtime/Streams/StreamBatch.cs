namespace OrleansAgents.Runtime;

/// <summary>What a producer sends to the stream: events, or a completion, or an error.</summary>
internal sealed class StreamBatch
{
    public StreamDeliveryKind Kind { get; init; }

    public object?[] Items { get; init; } = [];

    public string? Error { get; init; }

    /// <summary>The producer's own sequence token for the first item, if it supplied one (kept for durable providers).</summary>
    public long? ProducerSequence { get; init; }
}
