namespace OrleansAgents.Agents;

/// <summary>Where an agent task is in its life. Pending → Running → one terminal status.</summary>
[GenerateSerializer, Alias("oa.AgentTaskStatus")]
public enum AgentTaskStatus
{
    /// <summary>Accepted and persisted; waiting to run (or for a free slot of its user).</summary>
    Pending = 0,

    /// <summary>An attempt is running.</summary>
    Running = 1,

    /// <summary>Finished with an output (possibly empty).</summary>
    Succeeded = 2,

    /// <summary>Finished with an error: fatal, or retryable with no attempts left.</summary>
    Failed = 3,

    /// <summary>Cancelled by its owner (or an admin).</summary>
    Cancelled = 4,

    /// <summary>Ran past its timeout.</summary>
    TimedOut = 5,
}
