namespace OrleansAgents.Agents;

/// <summary>How far a task is: steps done over steps total, refined by the running agent's own progress.</summary>
/// <param name="Percent">0 to 100.</param>
/// <param name="Message">The agent's last progress message.</param>
public sealed record AgentProgress(double Percent, string? Message);
