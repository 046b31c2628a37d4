using System.Text.Json;
using OrleansAgents.Agents;
using OrleansAgents.Grains.Tests.Fixtures;
using Xunit;

namespace OrleansAgents.Grains.Tests.Scenarios;

/// <summary>Tasks that succeed: one agent, a pipeline, branching by input, an empty result, a fan-out.</summary>
[Collection(AgentClusterCollection.Name)]
public sealed class HappyPathScenarios(AgentClusterFixture fixture)
{
    private readonly AgentCluster _agents = fixture.Agents;

    [Fact]
    public async Task Echo_returns_its_input_unchanged()
    {
        var user = new AgentCaller("echo-user");
        var task = _agents.NewTask();
        var input = new { greeting = "hello", count = 3, tags = new[] { "a", "b" }, nested = new { ok = true } };

        var submitted = await task.SubmitAsync(AgentTaskRequest.For("echo", input, user.UserId));
        var done = await _agents.WaitAsync(task, user);

        Assert.Equal(AgentTaskStatus.Pending, submitted.Status);
        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        Assert.True(JsonElement.DeepEquals(JsonSerializer.SerializeToElement(input), done.Output!.Value), done.Output.Value.GetRawText());
        Assert.Equal(1, done.Attempts);
        Assert.Null(done.Error);
        Assert.Equal(100, done.Progress.Percent);
    }

    [Fact]
    public async Task The_happy_path_moves_pending_running_succeeded_and_stamps_every_time()
    {
        var user = new AgentCaller("happy-user");
        var task = _agents.NewTask();

        var submitted = await task.SubmitAsync(AgentTaskRequest.For("doubler", 21, user.UserId));
        var done = await _agents.WaitAsync(task, user);

        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        Assert.Equal(42, done.Output!.Value.GetDouble());
        Assert.Equal(task.GetPrimaryKeyString(), done.TaskId);
        Assert.Equal(["doubler"], done.Route);
        Assert.Equal(user.UserId, done.UserId);
        Assert.Equal(submitted.RunId, done.RunId);
        Assert.False(string.IsNullOrEmpty(done.RunId));
        Assert.Equal(submitted.CreatedAt, done.CreatedAt);
        Assert.NotNull(done.StartedAt);
        Assert.NotNull(done.CompletedAt);
        Assert.InRange(done.StartedAt!.Value, done.CreatedAt, done.CompletedAt!.Value);
        Assert.InRange(done.UpdatedAt, done.CompletedAt!.Value, done.CompletedAt.Value.AddSeconds(1));

        // Pending, Running and Succeeded are each persisted (as the task's events) before anyone sees them; a task that
        // can start at once writes its Pending and Running together, so storage sees two writes for three transitions.
        var events = (await task.ReadEventsAsync(user, 0, TimeSpan.Zero)).Events;
        Assert.Equal([AgentTaskStatus.Pending, AgentTaskStatus.Running, AgentTaskStatus.Succeeded], events.Select(e => e.Status));
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Sequence));
        Assert.Equal((AgentTaskStatus.Pending, 1L), (submitted.Status, submitted.Sequence));
        var writes = _agents.Storage.TaskWrites(task.GetGrainId()).Select(w => (w.Status, w.Sequence)).ToArray();
        Assert.Equal([(AgentTaskStatus.Running, 2L), (AgentTaskStatus.Succeeded, 3L)], writes);
    }

    [Fact]
    public async Task A_two_step_pipeline_feeds_the_doublers_output_to_the_incrementer()
    {
        var user = new AgentCaller("pipeline-user");
        var task = _agents.NewTask();

        await task.SubmitAsync(AgentTaskRequest.ForRoute(["doubler", "incrementer"], 20, user.UserId));
        var done = await _agents.WaitAsync(task, user);

        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        Assert.Equal(41, done.Output!.Value.GetDouble());
        Assert.Equal(1, done.StepIndex);
        Assert.Equal(100, done.Progress.Percent);
        var percents = _agents.Storage.TaskWrites(task.GetGrainId()).Select(w => w.Progress.Percent).Distinct().ToArray();
        Assert.Equal([0, 50, 100], percents);
    }

    [Theory]
    [InlineData("upper", "Hello World", "HELLO WORLD")]
    [InlineData("reverse", "stressed", "desserts")]
    [InlineData("anything-else", "as is", "as is")]
    public async Task Conditional_transforms_the_text_by_the_mode_in_its_input(string mode, string text, string expected)
    {
        var user = new AgentCaller("conditional-user");
        var task = _agents.NewTask();

        await task.SubmitAsync(AgentTaskRequest.For("conditional", new { mode, text }, user.UserId));
        var done = await _agents.WaitAsync(task, user);

        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        Assert.Equal(expected, done.Output!.Value.GetString());
    }

    [Fact]
    public async Task Conditional_skip_ends_the_route_early_with_an_empty_result()
    {
        var user = new AgentCaller("skip-user");
        var task = _agents.NewTask();

        await task.SubmitAsync(AgentTaskRequest.ForRoute(["conditional", "echo"], new { mode = "skip", text = "unused" }, user.UserId));
        var done = await _agents.WaitAsync(task, user);

        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        Assert.Null(done.Output);
        Assert.Equal(0, done.StepIndex);
        Assert.Equal(100, done.Progress.Percent);
        Assert.Null(done.Error);
    }

    [Fact]
    public async Task Splitting_an_empty_list_succeeds_with_an_empty_result_and_no_children()
    {
        var user = new AgentCaller("empty-user");
        var task = _agents.NewTask();

        await task.SubmitAsync(AgentTaskRequest.ForRoute(["splitter", "doubler"], Array.Empty<int>(), user.UserId));
        var done = await _agents.WaitAsync(task, user);

        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        Assert.Null(done.Output);
        Assert.Empty(done.ChildTaskIds);
    }

    [Fact]
    public async Task A_fan_out_runs_the_rest_of_the_route_once_per_element_and_collects_the_outputs_in_order()
    {
        var user = new AgentCaller("fanout-user");
        var task = _agents.NewTask("fan");
        var id = task.GetPrimaryKeyString();

        await task.SubmitAsync(AgentTaskRequest.ForRoute(["splitter", "doubler", "incrementer"], new[] { 1, 2, 3, 4 }, user.UserId));
        var done = await _agents.WaitAsync(task, user);

        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        Assert.Equal([3.0, 5.0, 7.0, 9.0], done.Output!.Value.EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal([$"{id}-0", $"{id}-1", $"{id}-2", $"{id}-3"], done.ChildTaskIds);
        for (var i = 0; i < 4; i++)
        {
            var child = await _agents.Client.GetGrain<IAgentTaskGrain>(done.ChildTaskIds[i]).GetAsync(user);
            Assert.Equal(AgentTaskStatus.Succeeded, child.Status);
            Assert.Equal(id, child.ParentTaskId);
            Assert.Equal(done.RunId, child.RunId);
            Assert.Equal(user.UserId, child.UserId);
            Assert.Equal(["doubler", "incrementer"], child.Route);
            Assert.Equal(i + 1, child.Input.GetDouble());
        }
    }

    [Fact]
    public async Task A_fan_out_at_the_end_of_the_route_succeeds_with_the_elements()
    {
        var user = new AgentCaller("fanout-end-user");
        var task = _agents.NewTask();

        await task.SubmitAsync(AgentTaskRequest.For("splitter", new object[] { "a", 1, true }, user.UserId));
        var done = await _agents.WaitAsync(task, user);

        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        Assert.Equal("""["a",1,true]""", done.Output!.Value.GetRawText());
        Assert.Empty(done.ChildTaskIds);
    }

    [Fact]
    public async Task An_agent_calls_another_agent_as_a_child_task_of_the_same_user_and_run()
    {
        var user = new AgentCaller("calling-user");
        var task = _agents.NewTask();

        await task.SubmitAsync(AgentTaskRequest.For("caller", new TestAgents.CallingInput("doubler", 5), user.UserId));
        var done = await _agents.WaitAsync(task, user);

        Assert.True(done.Status == AgentTaskStatus.Succeeded, $"Ended {done.Status}: {done.Error}");
        Assert.Equal(11, done.Output!.Value.GetDouble());
        var child = await _agents.Client.GetGrain<IAgentTaskGrain>($"{done.TaskId}-a1-call-1").GetAsync(user);
        Assert.Equal(AgentTaskStatus.Succeeded, child.Status);
        Assert.Equal(done.TaskId, child.ParentTaskId);
        Assert.Equal(done.RunId, child.RunId);
        Assert.Equal(10, child.Output!.Value.GetDouble());
    }

    [Fact]
    public async Task A_called_agents_fatal_error_fails_the_caller_without_retries()
    {
        var user = new AgentCaller("calling-fail-user");
        var task = _agents.NewTask();

        await task.SubmitAsync(AgentTaskRequest.For("caller", new TestAgents.CallingInput("value-error", 5), user.UserId));
        var done = await _agents.WaitAsync(task, user);

        Assert.Equal(AgentTaskStatus.Failed, done.Status);
        Assert.Equal(1, done.Attempts);
        Assert.Equal("caller", done.Error!.Step);
        Assert.Contains("value-error", done.Error.Message, StringComparison.Ordinal);
        Assert.False(done.Error.Retryable);
    }

    [Fact]
    public async Task A_fan_out_child_failure_fails_the_parent_and_names_the_child()
    {
        var user = new AgentCaller("fanout-fail-user");
        var task = _agents.NewTask();

        await task.SubmitAsync(AgentTaskRequest.ForRoute(["splitter", "value-error"], new[] { 1, 2 }, user.UserId));
        var done = await _agents.WaitAsync(task, user);

        Assert.Equal(AgentTaskStatus.Failed, done.Status);
        Assert.Equal(typeof(ArgumentException).FullName, done.Error!.Type);
        Assert.Equal("value-error", done.Error.Step);
        Assert.Contains(done.ChildTaskIds[0], done.Error.Message, StringComparison.Ordinal);
    }
}
