namespace OrleansAgents.Grains.Tests.TestAgents;

/// <summary>Input for <see cref="CallingAgent"/>.</summary>
/// <param name="Agent">The agent to call.</param>
/// <param name="Value">The called agent's input.</param>
public sealed record CallingInput(string Agent, double Value);
