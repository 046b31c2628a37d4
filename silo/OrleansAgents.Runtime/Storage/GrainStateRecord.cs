namespace OrleansAgents.Runtime;

/// <summary>A stored grain state: its UTF-8 JSON and its ETag.</summary>
/// <param name="Json">The state as UTF-8 JSON.</param>
/// <param name="ETag">The record's ETag.</param>
public sealed record GrainStateRecord(ReadOnlyMemory<byte> Json, string ETag);
