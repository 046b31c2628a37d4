using System.Text.Json;

namespace OrleansAgents.Agents.Lifecycle;

/// <summary>What can happen to an agent task: the input of <see cref="AgentTaskLifecycle.Apply"/>.</summary>
internal abstract record AgentTaskChange
{
    private AgentTaskChange()
    {
    }

    /// <summary>The task is submitted (creates it as Pending; changes nothing if it exists).</summary>
    public sealed record Submit(string TaskId, IReadOnlyList<string> Route, string UserId, string RunId, JsonElement Input, string? ParentTaskId) : AgentTaskChange;

    /// <summary>An attempt of <paramref name="Step"/> is about to run (or the task fails, with no attempts left).</summary>
    public sealed record StartAttempt(int Step) : AgentTaskChange;

    /// <summary>The running attempt failed: retried when the error is retryable and attempts are left, the task fails otherwise.</summary>
    public sealed record AttemptFailed(AgentError Error) : AgentTaskChange;

    /// <summary>A step succeeded and the route goes on with <paramref name="NextStep"/>.</summary>
    public sealed record Advance(int NextStep) : AgentTaskChange;

    /// <summary>A step fanned out into child tasks, which run the route from <paramref name="NextStep"/>.</summary>
    public sealed record FanOut(int NextStep, IReadOnlyList<string> Children) : AgentTaskChange;

    /// <summary>The agent running <paramref name="Step"/> reported progress (0 – 100 within the step).</summary>
    public sealed record Progress(int Step, double Percent, string? Message) : AgentTaskChange;

    /// <summary>The task ends with <paramref name="Status"/> (a terminal one).</summary>
    public sealed record Finish(AgentTaskStatus Status, JsonElement? Output, AgentError? Error) : AgentTaskChange;
}
