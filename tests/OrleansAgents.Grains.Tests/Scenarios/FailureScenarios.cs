using OrleansAgents.Agents;
using OrleansAgents.Agents.Samples;
using OrleansAgents.Grains.Tests.Fixtures;
using Xunit;

namespace OrleansAgents.Grains.Tests.Scenarios;

/// <summary>Errors: fatal, recoverable (out of memory) and retried, retries used up, a failing route step, timeouts.</summary>
[Collection(AgentClusterCollection.Name)]
public sealed class FailureScenarios(AgentClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly AgentCluster _agents = fixture.Agents;

    [Fact]
    public async Task A_fatal_error_fails_the_task_after_one_attempt_with_the_error_recorded()
    {
        var user = new AgentCaller("fatal-user");
        var task = _agents.NewTask();

        await task.SubmitAsync(AgentTaskRequest.For("value-error", new { x = 1 }, user.UserId));
        var done = await _agents.WaitAsync(task, user);

        Assert.Equal(AgentTaskStatus.Failed, done.Status);
        Assert.Equal(1, done.Attempts);
        Assert.Null(done.Output);
        Assert.NotNull(done.CompletedAt);
        Assert.Equal(typeof(ArgumentException).FullName, done.Error!.Type);
        Assert.False(done.Error.Retryable);
        Assert.Equal("value-error", done.Error.Step);
        Assert.Contains("invalid value", done.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Out_of_memory_is_recoverable_and_retried_until_success_keeping_the_last_error()
    {
        const int failAttempts = 2;
        var user = new AgentCaller("flaky-user");
        var task = _agents.NewTask();

        await task.SubmitAsync(AgentTaskRequest.For("flaky", new FlakyInput(failAttempts, "made it"), user.UserId));
        var done = await _agents.WaitAsync(task, user);

        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        Assert.Equal(failAttempts + 1, done.Attempts);
        Assert.Equal("made it", done.Output!.Value.GetProperty("Value").GetString());
        Assert.Equal(failAttempts + 1, done.Output.Value.GetProperty("attempts").GetInt32());
        Assert.Equal(typeof(OutOfMemoryException).FullName, done.Error!.Type);
        Assert.True(done.Error.Retryable);
        Assert.Equal("flaky", done.Error.Step);
        Assert.Contains($"attempt {failAttempts}", done.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recoverable_error_fails_the_task_once_the_attempts_are_used_up()
    {
        var user = new AgentCaller("flaky-exhausted-user");
        var task = _agents.NewTask();

        await task.SubmitAsync(AgentTaskRequest.For("flaky", new FlakyInput(10, "never"), user.UserId));
        var done = await _agents.WaitAsync(task, user);

        Assert.Equal(AgentTaskStatus.Failed, done.Status);
        Assert.Equal(4, done.Attempts);
        Assert.Equal(typeof(OutOfMemoryException).FullName, done.Error!.Type);
        Assert.Contains("attempt 4", done.Error.Message, StringComparison.Ordinal);
        Assert.Equal("flaky", done.Error.Step);
    }

    [Fact]
    public async Task A_failing_route_step_is_named_in_the_error_and_later_steps_do_not_run()
    {
        var user = new AgentCaller("route-error-user");
        var task = _agents.NewTask();

        await task.SubmitAsync(AgentTaskRequest.ForRoute(["doubler", "value-error", "incrementer"], 5, user.UserId));
        var done = await _agents.WaitAsync(task, user);

        Assert.Equal(AgentTaskStatus.Failed, done.Status);
        Assert.Equal("value-error", done.Error!.Step);
        Assert.Equal(1, done.StepIndex);
        Assert.Contains("10", done.Error.Message, StringComparison.Ordinal);
        Assert.InRange(done.Progress.Percent, 33, 34);
    }

    [Fact]
    public async Task A_task_that_runs_past_its_timeout_ends_timed_out()
    {
        var user = new AgentCaller("timeout-user");
        var task = _agents.NewTask();
        var request = AgentTaskRequest.For("slow", new SlowInput(Steps: 100, StepMilliseconds: 100), user.UserId) with { Timeout = TimeSpan.FromMilliseconds(300) };

        await task.SubmitAsync(request);
        var done = await _agents.WaitAsync(task, user);

        Assert.Equal(AgentTaskStatus.TimedOut, done.Status);
        Assert.Equal(1, done.Attempts);
        Assert.Equal(typeof(TimeoutException).FullName, done.Error!.Type);
        Assert.False(done.Error.Retryable);
        Assert.Equal("slow", done.Error.Step);
        Assert.InRange(done.CompletedAt!.Value - done.StartedAt!.Value, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_task_whose_agent_ignores_its_timeout_is_forced_to_timed_out_after_the_grace_period()
    {
        var user = new AgentCaller("timeout-stubborn-user");
        var task = _agents.NewTask();
        var gate = _agents.Gates[task.GetPrimaryKeyString()];
        var request = AgentTaskRequest.For("gate", task.GetPrimaryKeyString(), user.UserId) with { Timeout = TimeSpan.FromMilliseconds(200) };

        await task.SubmitAsync(request);
        var done = await _agents.WaitAsync(task, user);

        Assert.Equal(AgentTaskStatus.TimedOut, done.Status);
        Assert.False(gate.Finished.IsCompleted, "the agent was still running when the task was marked TimedOut");
        gate.Release();
        Assert.Equal(typeof(TimeoutException).FullName, done.Error!.Type);
        await gate.Finished.WaitAsync(Deadline);
        Assert.Equal(AgentTaskStatus.TimedOut, (await task.GetAsync(user)).Status);
    }
}
