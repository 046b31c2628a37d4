namespace OrleansAgents.Agents;

/// <summary>
/// An agent's persisted memory: an ordered log of entries. An entry with a <see cref="AgentMemoryEntry.Key"/> is stored
/// once per key and content, so an agent attempt that runs again (retried, or resumed after a silo failure) does not
/// repeat what it already appended; a repeat that says something else is stored as a new entry.
/// </summary>
internal sealed class AgentMemoryGrain([PersistentState("memory", AgentStorage.Name)] IPersistentState<List<AgentMemoryEntry>> state)
    : Grain, IAgentMemoryGrain
{
    /// <summary>The stored entries' keys, with their contents (built from the state on first use).</summary>
    private HashSet<(string Key, string Role, string Content)>? _stored;

    public Task<IReadOnlyList<AgentMemoryEntry>> ReadAsync() => Task.FromResult<IReadOnlyList<AgentMemoryEntry>>(state.State.ToArray());

    public async Task AppendAsync(IReadOnlyList<AgentMemoryEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var stored = _stored ??= [.. state.State.Where(e => e.Key is not null).Select(e => (e.Key!, e.Role, e.Content))];
        var added = new List<AgentMemoryEntry>(entries.Count);
        foreach (var entry in entries)
        {
            ArgumentNullException.ThrowIfNull(entry, nameof(entries));
            if (entry.Key is null || stored.Add((entry.Key, entry.Role, entry.Content)))
            {
                added.Add(entry);
            }
        }

        if (added.Count == 0)
        {
            return;
        }

        state.State.AddRange(added);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.RemoveRange(state.State.Count - added.Count, added.Count);
            _stored = null;
            throw;
        }
    }

    public async Task ClearAsync()
    {
        _stored = null;
        await state.ClearStateAsync();
    }
}
