namespace OrleansAgents.Agents;

/// <summary>One memory entry, for example a conversation turn.</summary>
/// <param name="Role">Who said it (<c>user</c>, <c>assistant</c>, <c>tool</c>...).</param>
/// <param name="Content">The content.</param>
/// <param name="At">When it was recorded.</param>
[GenerateSerializer, Immutable, Alias("oa.AgentMemoryEntry")]
public sealed record AgentMemoryEntry([property: Id(0)] string Role, [property: Id(1)] string Content, [property: Id(2)] DateTimeOffset At);
