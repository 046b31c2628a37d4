namespace OrleansAgents.Agents.Lifecycle;

/// <summary>What the grain does once a transition is persisted.</summary>
internal enum AgentTaskEffect
{
    /// <summary>Nothing beyond persisting it.</summary>
    None,

    /// <summary>Run the agent of the current step, as attempt <see cref="AgentTaskLifecycleState.StepAttempts"/>.</summary>
    RunAttempt,

    /// <summary>Wait the backoff for the attempt that failed, then start the next attempt.</summary>
    RetryAfterBackoff,

    /// <summary>The task has ended: give back its user slot, leave the recovery index, release waiters.</summary>
    Ended,
}
