namespace OrleansAgents.Agents;

/// <summary>An agent's persisted memory: an ordered log of entries.</summary>
internal sealed class AgentMemoryGrain([PersistentState("memory", AgentStorage.Name)] IPersistentState<List<AgentMemoryEntry>> state)
    : Grain, IAgentMemoryGrain
{
    public Task<IReadOnlyList<AgentMemoryEntry>> ReadAsync() => Task.FromResult<IReadOnlyList<AgentMemoryEntry>>(state.State.ToArray());

    public async Task AppendAsync(IReadOnlyList<AgentMemoryEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        state.State.AddRange(entries);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.RemoveRange(state.State.Count - entries.Count, entries.Count);
            throw;
        }
    }

    public Task ClearAsync() => state.ClearStateAsync();
}
