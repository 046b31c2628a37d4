using System.Text.Json;
using OrleansAgents.Agents;
using OrleansAgents.SiloHost.Demo;

namespace OrleansAgents.SiloHost.Tests.Demo;

public sealed class DemoTaskTests
{
    private static readonly DateTimeOffset Created = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DemoTask Pipeline = DemoTask.Workload.Single(t => t.Name == "pipeline");

    [Fact]
    public void The_workload_has_a_pipeline_a_fan_out_a_retry_a_fatal_failure_a_cancellation_and_an_llm_task()
    {
        Assert.Equal(
            [
                ("pipeline", "doubler,incrementer", AgentTaskStatus.Succeeded),
                ("fan-out", "splitter,doubler", AgentTaskStatus.Succeeded),
                ("retry", "flaky", AgentTaskStatus.Succeeded),
                ("fatal", "value-error", AgentTaskStatus.Failed),
                ("cancel", "slow", AgentTaskStatus.Cancelled),
                ("summarize", "summarize", AgentTaskStatus.Succeeded),
            ],
            DemoTask.Workload.Select(t => (t.Name, string.Join(',', t.Request.Route), t.Expected)));
        Assert.All(DemoTask.Workload, t => Assert.Equal(DemoTask.UserId, t.Request.UserId));
    }

    [Fact]
    public void A_task_that_ended_as_designed_has_no_mismatch()
    {
        Assert.Null(Pipeline.Mismatch(Snapshot(AgentTaskStatus.Succeeded, attempts: 2, output: "41")));
    }

    [Fact]
    public void Outputs_are_compared_as_json_values_not_as_text()
    {
        var fanOut = DemoTask.Workload.Single(t => t.Name == "fan-out");

        Assert.Null(fanOut.Mismatch(Snapshot(AgentTaskStatus.Succeeded, attempts: 1, output: "[2, 4, 6.0]")));
    }

    [Theory]
    [InlineData(AgentTaskStatus.Failed, 1, null, "ended Failed, expected Succeeded")]
    [InlineData(AgentTaskStatus.Succeeded, 3, "41", "took 3 attempts, expected 2")]
    [InlineData(AgentTaskStatus.Succeeded, 2, "40", "output 40, expected 41")]
    [InlineData(AgentTaskStatus.Succeeded, 2, null, "output none, expected 41")]
    public void A_mismatch_names_what_differs_from_the_design(AgentTaskStatus status, int attempts, string? output, string expected)
    {
        Assert.Equal(expected, Pipeline.Mismatch(Snapshot(status, attempts, output)));
    }

    [Fact]
    public void A_status_line_shows_step_agent_attempt_progress_error_and_output()
    {
        var task = Snapshot(AgentTaskStatus.Succeeded, attempts: 3, output: """{"text":"déjà vu…"}""") with
        {
            StepIndex = 1,
            Progress = new AgentProgress(100, "done"),
            Error = new AgentError("System.OutOfMemoryException", "simulated", Retryable: true, "incrementer"),
        };

        Assert.Equal(
            """pipeline: Succeeded 100% step 2/2 (incrementer), attempt 3, "done", retried after OutOfMemoryException: simulated, output {"text":"déjà vu…"}""",
            DemoFormat.Status("pipeline", task));
    }

    [Fact]
    public void A_summary_line_gives_the_verdict_attempts_duration_and_error()
    {
        var task = Snapshot(AgentTaskStatus.Failed, attempts: 1, output: null) with
        {
            Error = new AgentError("System.ArgumentException", "invalid value: 42", Retryable: false, "doubler"),
            CompletedAt = Created.AddMilliseconds(12),
        };

        Assert.Equal(
            "summary pipeline: Failed NOT AS EXPECTED (ended Failed, expected Succeeded), 1 attempt in 12 ms: ArgumentException: invalid value: 42",
            DemoFormat.Summary(Pipeline, task));
    }

    private static AgentTaskSnapshot Snapshot(AgentTaskStatus status, int attempts, string? output) => new()
    {
        TaskId = "t",
        Status = status,
        Route = ["doubler", "incrementer"],
        UserId = DemoTask.UserId,
        RunId = "r",
        Attempts = attempts,
        Output = output is null ? null : JsonDocument.Parse(output).RootElement,
        Progress = new AgentProgress(0, null),
        CreatedAt = Created,
    };
}
