namespace OrleansAgents.Agents;

/// <summary>An agent's persisted memory (keyed by memory id, by default <c>{user}/{agent}</c>): an ordered log of entries.</summary>
public interface IAgentMemoryGrain : IGrainWithStringKey
{
    /// <summary>Reads all entries in order.</summary>
    Task<IReadOnlyList<AgentMemoryEntry>> ReadAsync();

    /// <summary>Appends entries; they are persisted before the call returns.</summary>
    Task AppendAsync(IReadOnlyList<AgentMemoryEntry> entries);

    /// <summary>Forgets everything.</summary>
    Task ClearAsync();
}
