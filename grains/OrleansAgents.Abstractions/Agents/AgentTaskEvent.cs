using System.Text.Json;

namespace OrleansAgents.Agents;

/// <summary>
/// One persisted change of an agent task: its submit, a status transition, a retry or a progress report. A task's
/// events are stored with the task, in the same write as the change, and numbered without gaps: a watcher that saw
/// event <c>n</c> resumes after it and misses nothing (<see cref="IAgentTaskGrain.ReadEventsAsync"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("oa.AgentTaskEvent")]
public sealed record AgentTaskEvent
{
    /// <summary>1 for the submit (Pending), one more for every change after it; the task's <see cref="AgentTaskSnapshot.Sequence"/> after this change.</summary>
    [Id(0)]
    public required long Sequence { get; init; }

    /// <summary>The task.</summary>
    [Id(1)]
    public required string TaskId { get; init; }

    /// <summary>The status after this change.</summary>
    [Id(2)]
    public required AgentTaskStatus Status { get; init; }

    /// <summary>Attempts started so far (over all steps).</summary>
    [Id(3)]
    public int Attempts { get; init; }

    /// <summary>The step running (or that ran last).</summary>
    [Id(4)]
    public int StepIndex { get; init; }

    /// <summary>Progress after this change.</summary>
    [Id(5)]
    public required AgentProgress Progress { get; init; }

    /// <summary>The last error, if any (a retried attempt's, or the one the task ended with).</summary>
    [Id(6)]
    public AgentError? Error { get; init; }

    /// <summary>The output, on the Succeeded event only (<c>null</c> otherwise, and for an empty result).</summary>
    [Id(7)]
    public JsonElement? Output { get; init; }

    /// <summary>When the change was made.</summary>
    [Id(8)]
    public DateTimeOffset At { get; init; }

    /// <summary>The child tasks a fan-out step created (<c>{id}-{i}</c>), once it has.</summary>
    [Id(9)]
    public IReadOnlyList<string> ChildTaskIds { get; init => field = WireList.Of(value); } = Array.Empty<string>();

    /// <summary>
    /// <paramref name="task"/> (the task as it was before this event) with this event's changes applied: how a watcher
    /// keeps a current view of the task from its events. Applying every event from the task's first on gives the task's
    /// record, start and completion times included.
    /// </summary>
    public AgentTaskSnapshot ApplyTo(AgentTaskSnapshot task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task with
        {
            Sequence = Sequence,
            Status = Status,
            Attempts = Attempts,
            StepIndex = StepIndex,
            Progress = Progress,
            Error = Error,
            Output = Output ?? task.Output,
            ChildTaskIds = ChildTaskIds,
            UpdatedAt = At,

            // As the task's own record has them: started at its first Running event, completed at its terminal one.
            StartedAt = task.StartedAt ?? (Status == AgentTaskStatus.Running ? At : null),
            CompletedAt = task.CompletedAt ?? (Status.IsTerminal() ? At : null),
        };
    }

    /// <summary>The event that a change to <paramref name="task"/> records (the output is attached only when the task succeeded).</summary>
    public static AgentTaskEvent Of(AgentTaskSnapshot task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return new AgentTaskEvent
        {
            Sequence = task.Sequence,
            TaskId = task.TaskId,
            Status = task.Status,
            Attempts = task.Attempts,
            StepIndex = task.StepIndex,
            Progress = task.Progress,
            Error = task.Error,
            Output = task.Status == AgentTaskStatus.Succeeded ? task.Output : null,
            At = task.UpdatedAt,
            ChildTaskIds = task.ChildTaskIds,
        };
    }
}
