namespace OrleansAgents.Agents;

/// <summary>The storage provider name the agent grains use; an alias of <see cref="AgentTaskOptions.StorageName"/>.</summary>
internal static class AgentStorage
{
    public const string Name = "agents";
}
