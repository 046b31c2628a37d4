using System.Text.Json;
using OrleansAgents.Agents;

namespace OrleansAgents.Cli.Backends;

/// <summary>One step of a followed task (a persisted event: a transition or a progress report), as the CLI writes it.</summary>
internal sealed record TaskUpdate(
    string TaskId,
    long Sequence,
    AgentTaskStatus Status,
    AgentProgress Progress,
    AgentError? Error,
    JsonElement? Output)
{
    public static TaskUpdate From(AgentTaskEvent taskEvent) =>
        new(taskEvent.TaskId, taskEvent.Sequence, taskEvent.Status, taskEvent.Progress, taskEvent.Error, taskEvent.Output);
}
