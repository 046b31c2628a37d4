using OrleansAgents.Streams;

namespace OrleansAgents.Runtime;

/// <summary>What a delivery carries.</summary>
internal enum StreamDeliveryKind
{
    Items = 0,
    Completed = 1,
    Error = 2,
}

/// <summary>
/// One batch for one subscription: consecutive events of one stream with their sequence numbers. Within a silo the
/// items travel by reference; across the wire they arrive as JSON elements and are read as the observer's type.
/// </summary>
internal sealed class StreamDelivery
{
    public required string Provider { get; init; }

    public required string Namespace { get; init; }

    public required string Key { get; init; }

    public Guid SubscriptionId { get; init; }

    public StreamDeliveryKind Kind { get; init; }

    public object?[] Items { get; init; } = [];

    public long[] Sequences { get; init; } = [];

    public string? Error { get; init; }

    public StreamId StreamId() => new(Namespace, Key);
}
