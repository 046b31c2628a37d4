namespace OrleansAgents.Agents;

/// <summary>
/// The answer to <see cref="IAgentTaskGrain.SubmitWithOutcomeAsync"/>: the task as <see cref="IAgentTaskGrain.SubmitAsync"/>
/// answers it, and whether this submit created it (<c>false</c>: the same request had been submitted under its id before).
/// </summary>
[GenerateSerializer, Immutable, Alias("oa.AgentTaskSubmission")]
public sealed record AgentTaskSubmission
{
    /// <summary>The task: Pending or Running, or its end when it ended within the submit.</summary>
    [Id(0)]
    public required AgentTaskSnapshot Task { get; init; }

    /// <summary>Whether this submit created the task.</summary>
    [Id(1)]
    public bool Created { get; init; }
}
