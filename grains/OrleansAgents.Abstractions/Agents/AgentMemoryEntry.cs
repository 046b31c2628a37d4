namespace OrleansAgents.Agents;

/// <summary>One memory entry, for example a conversation turn.</summary>
/// <param name="Role">Who said it (<c>user</c>, <c>assistant</c>, <c>tool</c>...).</param>
/// <param name="Content">The content.</param>
/// <param name="At">When it was recorded.</param>
/// <param name="Key">
/// Which append of which agent run wrote it (set by the runtime for an agent's appends: its task, step and the append's
/// ordinal within the attempt). The memory stores an entry once per key and content: an attempt that is retried or
/// resumed after a silo failure appends the same entries again, and those repeats are not stored twice. <c>null</c>: no
/// such check (every append is stored).
/// </param>
[GenerateSerializer, Immutable, Alias("oa.AgentMemoryEntry")]
public sealed record AgentMemoryEntry(
    [property: Id(0)] string Role,
    [property: Id(1)] string Content,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string? Key = null);
