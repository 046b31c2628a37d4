namespace OrleansAgents.Agents;

/// <summary>Helpers for <see cref="AgentTaskStatus"/>.</summary>
public static class AgentTaskStatusExtensions
{
    /// <summary>Whether the status is final: Succeeded, Failed, Cancelled or TimedOut.</summary>
    public static bool IsTerminal(this AgentTaskStatus status) => status >= AgentTaskStatus.Succeeded;
}
