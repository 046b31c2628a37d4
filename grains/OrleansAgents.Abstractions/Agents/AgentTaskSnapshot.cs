using System.Text.Json;

namespace OrleansAgents.Agents;

/// <summary>An agent task as persisted: everything a caller may read about it.</summary>
public sealed record AgentTaskSnapshot
{
    /// <summary>The task id (the grain key).</summary>
    public required string TaskId { get; init; }

    /// <summary>The status.</summary>
    public required AgentTaskStatus Status { get; init; }

    /// <summary>The agents of the route.</summary>
    public required IReadOnlyList<string> Route { get; init; }

    /// <summary>The index of the step running (or that ran last).</summary>
    public int StepIndex { get; init; }

    /// <summary>The owner.</summary>
    public required string UserId { get; init; }

    /// <summary>The run the task belongs to.</summary>
    public required string RunId { get; init; }

    /// <summary>The input of the task.</summary>
    public JsonElement Input { get; init; }

    /// <summary>The output once Succeeded; <c>null</c> for an empty result. For a fan-out, the children's outputs in order.</summary>
    public JsonElement? Output { get; init; }

    /// <summary>The last error, kept even if a later attempt succeeded.</summary>
    public AgentError? Error { get; init; }

    /// <summary>Attempts started so far over all steps (1 for a one-step task that ran once; an attempt cut short by a silo crash counts). The retry limit applies per step.</summary>
    public int Attempts { get; init; }

    /// <summary>Progress.</summary>
    public required AgentProgress Progress { get; init; }

    /// <summary>When the task was submitted.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the first attempt started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the task reached its terminal status.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>When anything about the task last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The parent task of a fan-out child.</summary>
    public string? ParentTaskId { get; init; }

    /// <summary>The children a fan-out step created (<c>{id}-{i}</c>).</summary>
    public IReadOnlyList<string> ChildTaskIds { get; init; } = [];
}
