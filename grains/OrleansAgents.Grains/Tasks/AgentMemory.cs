namespace OrleansAgents.Agents;

/// <summary>
/// An agent's view of its memory grain (<c>{user}/{agent}</c>). The reference is made on first use: every attempt
/// gets one of these, and most attempts of most agents never touch their memory.
/// </summary>
internal sealed class AgentMemory(IGrainFactory grains, string userId, string agentName, TimeProvider time) : IAgentMemory
{
    private IAgentMemoryGrain? _grain;

    private IAgentMemoryGrain Grain => _grain ??= grains.GetGrain<IAgentMemoryGrain>($"{userId}/{agentName}");

    public Task<IReadOnlyList<AgentMemoryEntry>> ReadAsync() => Grain.ReadAsync();

    public Task AppendAsync(string role, string content) => Grain.AppendAsync(new[] { new AgentMemoryEntry(role, content, time.GetUtcNow()) });
}
