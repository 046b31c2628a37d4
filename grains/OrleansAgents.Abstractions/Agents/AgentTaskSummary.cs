namespace OrleansAgents.Agents;

/// <summary>A line of a task listing.</summary>
[GenerateSerializer, Immutable, Alias("oa.AgentTaskSummary")]
public sealed record AgentTaskSummary
{
    /// <summary>Creates a listing line.</summary>
    public AgentTaskSummary(string taskId, AgentTaskStatus status, IReadOnlyList<string> route, DateTimeOffset createdAt, DateTimeOffset updatedAt)
    {
        TaskId = taskId;
        Status = status;
        Route = route;
        CreatedAt = createdAt;
        UpdatedAt = updatedAt;
    }

    /// <summary>The task id.</summary>
    [Id(0)]
    public string TaskId { get; init; }

    /// <summary>The status.</summary>
    [Id(1)]
    public AgentTaskStatus Status { get; init; }

    /// <summary>The route's agents.</summary>
    [Id(2)]
    public IReadOnlyList<string> Route { get; init => field = WireList.Of(value); } = Array.Empty<string>();

    /// <summary>When it was submitted.</summary>
    [Id(3)]
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    [Id(4)]
    public DateTimeOffset UpdatedAt { get; init; }
}
