namespace OrleansAgents.Agents;

/// <summary>No task with that id is visible to the caller (it does not exist, or belongs to another user).</summary>
public sealed class AgentTaskNotFoundException(string message) : KeyNotFoundException(message);
