namespace OrleansAgents.Agents;

/// <summary>An agent's view of its memory grain.</summary>
internal sealed class AgentMemory(IAgentMemoryGrain grain, TimeProvider time) : IAgentMemory
{
    public Task<IReadOnlyList<AgentMemoryEntry>> ReadAsync() => grain.ReadAsync();

    public Task AppendAsync(string role, string content) => grain.AppendAsync([new AgentMemoryEntry(role, content, time.GetUtcNow())]);
}
