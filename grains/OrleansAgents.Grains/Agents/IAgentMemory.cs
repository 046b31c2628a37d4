namespace OrleansAgents.Agents;

/// <summary>The agent's persisted memory for this user, in order, as left by earlier tasks.</summary>
public interface IAgentMemory
{
    /// <summary>Reads every entry.</summary>
    Task<IReadOnlyList<AgentMemoryEntry>> ReadAsync();

    /// <summary>Appends one entry; persisted before the returned task completes.</summary>
    Task AppendAsync(string role, string content);
}
