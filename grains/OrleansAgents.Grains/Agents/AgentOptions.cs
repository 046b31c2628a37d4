using System.Text.Json;

namespace OrleansAgents.Agents;

/// <summary>How one agent runs.</summary>
public sealed class AgentOptions
{
    /// <summary>What the agent does, for listings and tool descriptions.</summary>
    /// <value>Empty.</value>
    public string Description { get; set; } = string.Empty;

    /// <summary>The agent's input type, for its JSON Schema and for rejecting malformed input at submit.</summary>
    /// <value><c>null</c>: any JSON (set automatically for <see cref="Agent{TInput}"/> agents).</value>
    public Type? InputType { get; set; }

    /// <summary>How long one attempt of this agent may run before the task ends as TimedOut.</summary>
    /// <value>5 minutes.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts per step, including the first; retryable errors are retried until they are used up.</summary>
    /// <value>3.</value>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The delay before the first retry; it doubles with each retry (with jitter), up to <see cref="MaxBackoff"/>.</summary>
    /// <value>200 milliseconds.</value>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay between retries.</summary>
    /// <value>30 seconds.</value>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many attempts of this agent may run at once on one silo; 0 for no limit.</summary>
    /// <value>0.</value>
    public int MaxConcurrency { get; set; }

    /// <summary>
    /// Exception types (and their subclasses) that fail the task at once, never retried: errors in the input that
    /// another attempt cannot fix. <see cref="OutOfMemoryException"/> is not among them: it is retried.
    /// </summary>
    /// <value><see cref="ArgumentException"/>, <see cref="FormatException"/>, <see cref="JsonException"/>, <see cref="NotSupportedException"/>.</value>
    public ISet<Type> FatalExceptions { get; } = new HashSet<Type>
    {
        typeof(ArgumentException),
        typeof(FormatException),
        typeof(JsonException),
        typeof(NotSupportedException),
    };
}
