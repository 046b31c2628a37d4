using OrleansAgents.Hosting;

namespace OrleansAgents.Agents;

/// <summary>
/// An agent's view of its memory grain (<c>{user}/{agent}</c>), for one attempt. The reference is made on first use:
/// every attempt gets one of these, and most attempts of most agents never touch their memory. Each append is keyed by
/// the task, the step and its ordinal within the attempt (<see cref="AgentMemoryEntry.Key"/>): the same append made
/// again by a later attempt of the same step is stored once.
/// </summary>
internal sealed class AgentMemory(IGrainFactory grains, string userId, string agentName, string taskId, int step, TimeProvider time) : IAgentMemory
{
    private IAgentMemoryGrain? _grain;
    private int _appends;

    private IAgentMemoryGrain Grain => _grain ??= GrainReferences.Get<IAgentMemoryGrain>(grains, $"{userId}/{agentName}");

    public Task<IReadOnlyList<AgentMemoryEntry>> ReadAsync() => Grain.ReadAsync();

    public Task AppendAsync(string role, string content)
    {
        var ordinal = Interlocked.Increment(ref _appends);
        return Grain.AppendAsync(new[] { new AgentMemoryEntry(role, content, time.GetUtcNow(), $"{taskId}/{step}/{ordinal}") });
    }
}
