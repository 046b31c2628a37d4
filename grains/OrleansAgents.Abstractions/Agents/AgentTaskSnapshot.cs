using System.Text.Json;

namespace OrleansAgents.Agents;

/// <summary>An agent task as persisted: everything a caller may read about it.</summary>
[GenerateSerializer, Immutable, Alias("oa.AgentTaskSnapshot")]
public sealed record AgentTaskSnapshot
{
    /// <summary>The task id (the grain key).</summary>
    [Id(0)]
    public required string TaskId { get; init; }

    /// <summary>The status.</summary>
    [Id(1)]
    public required AgentTaskStatus Status { get; init; }

    /// <summary>The agents of the route.</summary>
    [Id(2)]
    public required IReadOnlyList<string> Route { get; init => field = WireList.Of(value); }

    /// <summary>The index of the step running (or that ran last).</summary>
    [Id(3)]
    public int StepIndex { get; init; }

    /// <summary>The owner.</summary>
    [Id(4)]
    public required string UserId { get; init; }

    /// <summary>The run the task belongs to.</summary>
    [Id(5)]
    public required string RunId { get; init; }

    /// <summary>The input of the task.</summary>
    [Id(6)]
    public JsonElement Input { get; init => field = WireJson.Defined(value); } = WireJson.Defined(default);

    /// <summary>The output once Succeeded; <c>null</c> for an empty result. For a fan-out, the children's outputs in order.</summary>
    [Id(7)]
    public JsonElement? Output { get; init; }

    /// <summary>The last error, kept even if a later attempt succeeded.</summary>
    [Id(8)]
    public AgentError? Error { get; init; }

    /// <summary>Attempts started so far over all steps (1 for a one-step task that ran once; an attempt cut short by a silo crash counts). The retry limit applies per step.</summary>
    [Id(9)]
    public int Attempts { get; init; }

    /// <summary>Progress.</summary>
    [Id(10)]
    public required AgentProgress Progress { get; init; }

    /// <summary>When the task was submitted.</summary>
    [Id(11)]
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the first attempt started.</summary>
    [Id(12)]
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the task reached its terminal status.</summary>
    [Id(13)]
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>When anything about the task last changed.</summary>
    [Id(14)]
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The parent task of a fan-out child.</summary>
    [Id(15)]
    public string? ParentTaskId { get; init; }

    /// <summary>The children a fan-out step created (<c>{id}-{i}</c>).</summary>
    [Id(16)]
    public IReadOnlyList<string> ChildTaskIds { get; init => field = WireList.Of(value); } = Array.Empty<string>();

    /// <summary>
    /// The sequence number of this persisted transition: 1 for the Pending write, one more for every write after it.
    /// Events carry it, so a watcher can tell a repeat from news and resume after the last one it saw.
    /// </summary>
    [Id(17)]
    public long Sequence { get; init; }
}
