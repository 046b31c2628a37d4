namespace OrleansAgents.Agents;

/// <summary>One memory entry, for example a conversation turn.</summary>
/// <param name="Role">Who said it (<c>user</c>, <c>assistant</c>, <c>tool</c>...).</param>
/// <param name="Content">The content.</param>
/// <param name="At">When it was recorded.</param>
public sealed record AgentMemoryEntry(string Role, string Content, DateTimeOffset At);
