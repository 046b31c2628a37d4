namespace OrleansAgents.Agents;

/// <summary>One <c>AddAgent</c> call: the agent's name and type.</summary>
internal sealed record AgentRegistration(string Name, Type AgentType);
