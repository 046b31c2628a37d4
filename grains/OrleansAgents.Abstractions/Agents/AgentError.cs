namespace OrleansAgents.Agents;

/// <summary>The last error of an agent task.</summary>
/// <param name="Type">The exception type's full name.</param>
/// <param name="Message">The exception message.</param>
/// <param name="Retryable">Whether the error was classified as retryable.</param>
/// <param name="Step">The route step (agent name) that failed, when known.</param>
public sealed record AgentError(string Type, string Message, bool Retryable, string? Step);
