namespace OrleansAgents.Agents;

/// <summary>An agent's persisted memory (keyed by memory id, by default <c>{user}/{agent}</c>): an ordered log of entries.</summary>
[Alias("oa.IAgentMemoryGrain")]
public interface IAgentMemoryGrain : IGrainWithStringKey
{
    /// <summary>Reads all entries in order.</summary>
    [Alias("ReadAsync")]
    Task<IReadOnlyList<AgentMemoryEntry>> ReadAsync();

    /// <summary>Appends entries; they are persisted before the call returns.</summary>
    [Alias("AppendAsync")]
    Task AppendAsync(IReadOnlyList<AgentMemoryEntry> entries);

    /// <summary>Forgets everything.</summary>
    [Alias("ClearAsync")]
    Task ClearAsync();
}
