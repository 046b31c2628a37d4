namespace OrleansAgents.Runtime;

/// <summary>One sequenced event (or completion / error) as a stream holds it for its subscribers.</summary>
internal readonly record struct StreamEntry(long Sequence, object? Item, StreamDeliveryKind Kind = StreamDeliveryKind.Items, string? Error = null);
