namespace OrleansAgents.Agents.Lifecycle;

/// <summary>The outcome of <see cref="AgentTaskLifecycle.Apply"/>: the next state, the events to persist with it and the effect.</summary>
/// <param name="Next">The state to persist (the same as before when nothing changed).</param>
/// <param name="Events">The events the change records, in order (none when nothing changed).</param>
/// <param name="Effect">What to do once <paramref name="Next"/> is persisted.</param>
internal sealed record AgentTaskTransition(AgentTaskLifecycleState Next, IReadOnlyList<AgentTaskEvent> Events, AgentTaskEffect Effect)
{
    /// <summary>When two changes were applied in one write (see the task grain's submit), the task after the first.</summary>
    public AgentTaskSnapshot? Intermediate { get; init; }

    /// <summary>Whether anything changed (and must be written).</summary>
    public bool Changed => Events.Count > 0;
}
