using System.Text.Json;
using OrleansAgents.Agents;
using OrleansAgents.Agents.Samples;

namespace OrleansAgents.SiloHost.Demo;

/// <summary>One agent task of the demo workload and how the demo expects it to end.</summary>
/// <param name="Name">A readable name, unique within the workload; the task id is <c>demo-{run}-{name}</c>.</param>
/// <param name="Request">What to run.</param>
/// <param name="Expected">The terminal status the task is designed to reach.</param>
internal sealed record DemoTask(string Name, AgentTaskRequest Request, AgentTaskStatus Expected)
{
    /// <summary>The user every demo task belongs to.</summary>
    public const string UserId = "demo";

    /// <summary>The demo cancels the task once its progress reaches this percentage.</summary>
    public double? CancelAtPercent { get; init; }

    /// <summary>The number of attempts the task must have taken, over all its steps.</summary>
    public int? ExpectedAttempts { get; init; }

    /// <summary>The output the task must have produced, as JSON (compared as JSON values, not as text).</summary>
    public string? ExpectedOutput { get; init; }

    /// <summary>
    /// The workload <c>--demo</c> runs: a two-step pipeline, a fan-out, a task that runs out of memory twice and
    /// is retried to success, a fatal error, a slow task cancelled midway and an LLM summary (scripted model).
    /// </summary>
    public static IReadOnlyList<DemoTask> Workload { get; } =
    [
        new("pipeline", AgentTaskRequest.ForRoute(["doubler", "incrementer"], 20, UserId), AgentTaskStatus.Succeeded)
        {
            ExpectedAttempts = 2, // one per step: attempts count the whole task

            ExpectedOutput = "41",
        },
        new("fan-out", AgentTaskRequest.ForRoute(["splitter", "doubler"], new[] { 1, 2, 3 }, UserId), AgentTaskStatus.Succeeded)
        {
            ExpectedOutput = "[2,4,6]",
        },
        new("retry", AgentTaskRequest.For("flaky", new FlakyInput(FailAttempts: 2, "recovered"), UserId), AgentTaskStatus.Succeeded)
        {
            ExpectedAttempts = 3,
        },
        new("fatal", AgentTaskRequest.For("value-error", 42, UserId), AgentTaskStatus.Failed)
        {
            ExpectedAttempts = 1,
        },
        new("cancel", AgentTaskRequest.For("slow", new SlowInput(Steps: 10, StepMilliseconds: 150), UserId), AgentTaskStatus.Cancelled)
        {
            CancelAtPercent = 30,
        },
        new("summarize", AgentTaskRequest.For("summarize", new SummarizeInput(SummaryText, MaxWords: 12), UserId), AgentTaskStatus.Succeeded)
        {
            ExpectedAttempts = 1,
        },
    ];

    private const string SummaryText =
        "Each agent task lives in its own grain: every status change is persisted before anyone can see it, and a durable reminder resumes the task if its silo dies.";

    /// <summary>Why <paramref name="task"/> did not end as designed, or <c>null</c> when it did.</summary>
    public string? Mismatch(AgentTaskSnapshot task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.Status != Expected)
        {
            return $"ended {task.Status}, expected {Expected}";
        }

        if (ExpectedAttempts is { } attempts && task.Attempts != attempts)
        {
            return $"took {task.Attempts} attempts, expected {attempts}";
        }

        if (ExpectedOutput is not { } expected)
        {
            return null;
        }

        // Compared as JSON, not as text: a store may keep its own formatting (jsonb writes "[2, 4, 6]").
        using var expectedJson = JsonDocument.Parse(expected);
        return task.Output is { } output && JsonElement.DeepEquals(output, expectedJson.RootElement)
            ? null
            : $"output {task.Output?.GetRawText() ?? "none"}, expected {expected}";
    }
}
