namespace OrleansAgents;

/// <summary>A grain interface has a method the runtime cannot call remotely; the message names it.</summary>
public sealed class InvalidGrainInterfaceException(string message) : InvalidOperationException(message);
