namespace OrleansAgents.Agents;

/// <summary>The last error of an agent task.</summary>
/// <param name="Type">The exception type's full name.</param>
/// <param name="Message">The exception message.</param>
/// <param name="Retryable">Whether the error was classified as retryable.</param>
/// <param name="Step">The route step (agent name) that failed, when known.</param>
[GenerateSerializer, Immutable, Alias("oa.AgentError")]
public sealed record AgentError([property: Id(0)] string Type, [property: Id(1)] string Message, [property: Id(2)] bool Retryable, [property: Id(3)] string? Step);
