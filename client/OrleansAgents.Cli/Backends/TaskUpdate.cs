using System.Text.Json;
using OrleansAgents.Agents;

namespace OrleansAgents.Cli.Backends;

/// <summary>One step of a followed task (a persisted transition or progress report), whichever way it was read.</summary>
internal sealed record TaskUpdate(
    string TaskId,
    long Sequence,
    AgentTaskStatus Status,
    AgentProgress Progress,
    AgentError? Error,
    JsonElement? Output)
{
    public static TaskUpdate From(AgentTaskSnapshot task) =>
        new(task.TaskId, task.Sequence, task.Status, task.Progress, task.Error, task.Output);
}
