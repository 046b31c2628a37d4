using System.Text.Json;

namespace OrleansAgents.Chaos.Tests.Agents;

/// <summary>One task of the agent workload: its id, its request, and what a success must have returned.</summary>
/// <param name="Id">The task id.</param>
/// <param name="Request">The submitted request.</param>
/// <param name="Expected">Whether a succeeded output is the right one (<c>null</c>: the task must fail).</param>
public sealed record AgentWork(string Id, AgentTaskRequest Request, Func<JsonElement?, bool>? Expected)
{
    /// <summary>The most attempts any sample agent of a step allows (flaky: 4).</summary>
    public const int MaxAttemptsPerStep = 4;

    /// <summary>
    /// The workload's tasks for <paramref name="userId"/>: one agent, a pipeline, a fan-out, retries, slow work, a fatal
    /// error. Half of them claim a new task id (<see cref="AgentTaskRequest.NewTaskId"/>, as <c>AgentClient</c> does for an
    /// id it makes): written without a read first, and, when a submit that failed on the way is retried after its write
    /// landed, found by the write's conflict instead.
    /// </summary>
    public static IReadOnlyList<AgentWork> For(string userId) =>
    [
        new("echo-1", AgentTaskRequest.For("echo", new { text = "hello" }, userId), o => o?.GetProperty("text").GetString() == "hello"),
        new("echo-2", AgentTaskRequest.For("echo", new[] { 1, 2 }, userId) with { NewTaskId = true }, o => o?.GetRawText() == "[1,2]"),
        new("route", AgentTaskRequest.ForRoute(["doubler", "incrementer"], 20, userId) with { NewTaskId = true }, o => o?.GetDouble() == 41),
        new("fan-out", AgentTaskRequest.ForRoute(["splitter", "doubler"], new[] { 1, 2, 3 }, userId), o => o?.GetRawText() == "[2,4,6]"),
        new("flaky", AgentTaskRequest.For("flaky", new { FailAttempts = 1, Value = "ok" }, userId) with { NewTaskId = true }, o => o?.GetProperty("Value").GetString() == "ok"),
        new("slow-1", AgentTaskRequest.For("slow", new { Steps = 5, StepMilliseconds = 200 }, userId), o => o?.GetProperty("steps").GetInt32() == 5),
        new("slow-2", AgentTaskRequest.For("slow", new { Steps = 10, StepMilliseconds = 300 }, userId) with { NewTaskId = true }, o => o?.GetProperty("steps").GetInt32() == 10),
        new("value-error", AgentTaskRequest.For("value-error", "bad", userId), null),
    ];
}
