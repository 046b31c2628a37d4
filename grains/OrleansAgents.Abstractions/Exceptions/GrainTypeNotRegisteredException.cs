namespace OrleansAgents;

/// <summary>No grain class implementing the requested interface (or grain type) is registered with the silo.</summary>
public sealed class GrainTypeNotRegisteredException(string message) : InvalidOperationException(message);
