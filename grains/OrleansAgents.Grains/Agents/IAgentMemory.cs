namespace OrleansAgents.Agents;

/// <summary>The agent's persisted memory for this user, in order, as left by earlier tasks.</summary>
public interface IAgentMemory
{
    /// <summary>Reads every entry.</summary>
    Task<IReadOnlyList<AgentMemoryEntry>> ReadAsync();

    /// <summary>
    /// Appends one entry; persisted before the returned task completes. The n-th append of an attempt that repeats the
    /// n-th append of an earlier attempt of the same task step (same role and content) is not stored again.
    /// </summary>
    Task AppendAsync(string role, string content);
}
