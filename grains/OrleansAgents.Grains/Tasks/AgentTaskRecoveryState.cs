namespace OrleansAgents.Agents;

/// <summary>What a recovery index shard persists: the ids of the tasks in flight.</summary>
[GenerateSerializer, Alias("oa.AgentTaskRecoveryState")]
internal sealed class AgentTaskRecoveryState
{
    /// <summary>Submitted tasks that have not been seen to end.</summary>
    [Id(0)]
    public HashSet<string> TaskIds { get; set; } = [];
}
