namespace OrleansAgents.Agents;

/// <summary>How far a task is: steps done over steps total, refined by the running agent's own progress.</summary>
/// <param name="Percent">0 to 100.</param>
/// <param name="Message">The agent's last progress message.</param>
[GenerateSerializer, Immutable, Alias("oa.AgentProgress")]
public sealed record AgentProgress([property: Id(0)] double Percent, [property: Id(1)] string? Message);
