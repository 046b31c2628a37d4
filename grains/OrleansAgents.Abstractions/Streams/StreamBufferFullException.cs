namespace OrleansAgents.Streams;

/// <summary>
/// A subscriber's buffer was full and the provider is configured to fail rather than wait (back-pressure). The event
/// was not published to any subscriber; publish it again later.
/// </summary>
public sealed class StreamBufferFullException(string message) : InvalidOperationException(message);
