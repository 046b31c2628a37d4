namespace OrleansAgents;

/// <summary>
/// The silo that held (or was to hold) the target grain left the cluster before answering. The call may or
/// may not have run; retrying it reaches a live silo.
/// </summary>
public sealed class SiloUnavailableException(string message) : Exception(message);
