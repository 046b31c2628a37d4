namespace OrleansAgents.Agents;

/// <summary>An answer of <see cref="IAgentTaskGrain.ReadEventsAsync"/>: the task as it is, and its events after the sequence asked for.</summary>
[GenerateSerializer, Immutable, Alias("oa.AgentTaskEventPage")]
public sealed record AgentTaskEventPage
{
    /// <summary>The task as persisted now.</summary>
    [Id(0)]
    public required AgentTaskSnapshot Task { get; init; }

    /// <summary>The task's persisted events after the sequence asked for, oldest first, without gaps (but see <see cref="FirstSequence"/>).</summary>
    [Id(1)]
    public required IReadOnlyList<AgentTaskEvent> Events { get; init => field = WireList.Of(value); }

    /// <summary>
    /// The oldest event the task still keeps (1 unless its history outgrew <c>AgentTaskOptions.MaxTaskEvents</c>, when the
    /// oldest progress-only events were dropped): a reader that asked for an older one missed those.
    /// </summary>
    [Id(2)]
    public long FirstSequence { get; init; } = 1;
}
