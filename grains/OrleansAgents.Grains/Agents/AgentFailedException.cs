namespace OrleansAgents.Agents;

/// <summary>Thrown by an agent to fail an attempt and say explicitly whether it may be retried.</summary>
public sealed class AgentFailedException : Exception
{
    /// <summary>Creates a retryable failure.</summary>
    public AgentFailedException(string message)
        : this(message, retryable: true)
    {
    }

    /// <summary>Creates a failure.</summary>
    public AgentFailedException(string message, bool retryable, Exception? inner = null)
        : base(message, inner)
    {
        Retryable = retryable;
    }

    /// <summary>Whether another attempt may succeed.</summary>
    public bool Retryable { get; }
}
