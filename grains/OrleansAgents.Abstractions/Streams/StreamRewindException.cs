namespace OrleansAgents.Streams;

/// <summary>A subscription asked to start at a sequence token the provider cannot deliver from.</summary>
public sealed class StreamRewindException(string message) : InvalidOperationException(message);
