namespace OrleansAgents.Agents;

/// <summary>A task named an agent that is not registered.</summary>
public sealed class AgentNotFoundException(string message) : ArgumentException(message);
