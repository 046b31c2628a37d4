using System.Text.Json;
using OrleansAgents.Agents;
using OrleansAgents.Grains.Tests.Fixtures;
using OrleansAgents.Grains.Tests.TestAgents;
using OrleansAgents.Agents.Samples;
using Xunit;

namespace OrleansAgents.Grains.Tests.Scenarios;

/// <summary>
/// The submit starts a task's first attempt before writing it (<see cref="AgentTaskOptions.InlineCompletionWindow"/>):
/// an attempt that ends the task within the window is written once, ended; every other task is written Pending and
/// Running once the window has passed, and its run takes the attempt's outcome instead of running it again.
/// </summary>
[Collection(InlineCompletionCollection.Name)]
public sealed class InlineCompletionScenarios(InlineCompletionFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly AgentCluster _agents = fixture.Agents;

    [Fact]
    public async Task A_task_its_first_attempt_ends_within_the_window_is_answered_ended_written_once_and_never_indexed()
    {
        var user = new AgentCaller("inline-user");
        var task = _agents.NewTask("inline");
        var id = task.GetPrimaryKeyString();
        var input = new { greeting = "hello", count = 3 };

        var submitted = await task.SubmitAsync(AgentTaskRequest.For("echo", input, user.UserId));

        Assert.Equal(AgentTaskStatus.Succeeded, submitted.Status);
        Assert.True(JsonElement.DeepEquals(JsonSerializer.SerializeToElement(input), submitted.Output!.Value), submitted.Output.Value.GetRawText());
        Assert.Equal((1, 3L, 100.0), (submitted.Attempts, submitted.Sequence, submitted.Progress.Percent));
        Assert.NotNull(submitted.StartedAt);
        Assert.NotNull(submitted.CompletedAt);

        // Three transitions, each recorded as an event, in one write.
        var writes = _agents.Storage.TaskWrites(task.GetGrainId()).Select(w => (w.Status, w.Sequence)).ToArray();
        Assert.Equal([(AgentTaskStatus.Succeeded, 3L)], writes);
        var events = (await task.ReadEventsAsync(user, 0, TimeSpan.Zero)).Events;
        Assert.Equal([AgentTaskStatus.Pending, AgentTaskStatus.Running, AgentTaskStatus.Succeeded], events.Select(e => e.Status));
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Sequence));

        // It was never in flight once acknowledged, so it never joined the recovery index; it was listed, as ended, before
        // the submit was answered.
        Assert.DoesNotContain(id, await _agents.StoredRecoveryIndexAsync(id));
        var listing = await _agents.Client.GetGrain<IUserTasksGrain>(user.UserId).ListAsync(100);
        Assert.Equal(AgentTaskStatus.Succeeded, Assert.Single(listing, t => t.TaskId == id).Status);

        // A repeated submit is answered from storage, with nothing run or written again.
        var again = await task.SubmitAsync(AgentTaskRequest.For("echo", input, user.UserId));
        Assert.Equal((AgentTaskStatus.Succeeded, submitted.RunId, 3L), (again.Status, again.RunId, again.Sequence));
        Assert.Single(_agents.Storage.TaskWrites(task.GetGrainId()));
    }

    [Fact]
    public async Task Every_task_is_in_its_owners_listing_once_its_submit_is_answered()
    {
        // Listing changes gather for a few milliseconds before they are sent, after the submit is answered; a listing read
        // collects those still on their way. Submits made one right after another each find their task listed at once.
        var user = new AgentCaller("inline-listed-user");
        var users = _agents.Client.GetGrain<IUserTasksGrain>(user.UserId);
        for (var i = 0; i < 20; i++)
        {
            var task = _agents.NewTask("inline-listed");
            var submitted = await task.SubmitAsync(AgentTaskRequest.For("echo", i, user.UserId));

            var listed = Assert.Single(await users.ListAsync(100), t => t.TaskId == task.GetPrimaryKeyString());
            Assert.Equal(submitted.Status, listed.Status);
        }
    }

    [Fact]
    public async Task An_attempt_that_outlasts_the_window_runs_once_and_the_task_is_written_and_indexed_before_the_submit_is_answered()
    {
        var user = new AgentCaller("inline-gate-user");
        var task = _agents.NewTask("inline-gate");
        var id = task.GetPrimaryKeyString();
        var gate = _agents.Gates[id];

        var submitted = await task.SubmitAsync(AgentTaskRequest.For(GateAgent.Name, id, user.UserId));

        // The attempt started before the write; the submit answered Pending once the window had passed and the task was
        // stored Pending and Running, and in the recovery index.
        Assert.True(gate.Entered.IsCompleted, "the gate agent should have started during the submit");
        Assert.Equal((AgentTaskStatus.Pending, 1L), (submitted.Status, submitted.Sequence));
        Assert.Equal([(AgentTaskStatus.Running, 2L)], _agents.Storage.TaskWrites(task.GetGrainId()).Select(w => (w.Status, w.Sequence)));
        Assert.Contains(id, await _agents.StoredRecoveryIndexAsync(id));

        gate.Release();
        var done = await _agents.WaitAsync(task, user);

        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        Assert.Equal("released", done.Output!.Value.GetString());
        Assert.Equal(1, done.Attempts);
        var events = (await task.ReadEventsAsync(user, 0, TimeSpan.Zero)).Events;
        Assert.Equal([AgentTaskStatus.Pending, AgentTaskStatus.Running, AgentTaskStatus.Succeeded], events.Select(e => e.Status));
        await _agents.EventuallyAsync(async () => !(await _agents.StoredRecoveryIndexAsync(id)).Contains(id), "the ended task to leave the recovery index");
    }

    [Fact]
    public async Task Progress_reported_within_the_window_is_recorded_after_the_tasks_first_write()
    {
        var user = new AgentCaller("inline-progress-user");
        var task = _agents.NewTask("inline-progress");

        // Zero-length steps: the agent reports progress at once, and waits for the task to be written to record it.
        var submitted = await task.SubmitAsync(AgentTaskRequest.For("slow", new SlowInput(2, 0), user.UserId));
        var done = await _agents.WaitAsync(task, user);

        Assert.Equal(AgentTaskStatus.Pending, submitted.Status);
        Assert.Equal((AgentTaskStatus.Succeeded, 1), (done.Status, done.Attempts));
        var events = (await task.ReadEventsAsync(user, 0, TimeSpan.Zero)).Events;
        Assert.Equal(
            [(AgentTaskStatus.Pending, 0.0), (AgentTaskStatus.Running, 0.0), (AgentTaskStatus.Running, 50.0), (AgentTaskStatus.Running, 100.0), (AgentTaskStatus.Succeeded, 100.0)],
            events.Select(e => (e.Status, e.Progress.Percent)));
        Assert.Equal(AgentTaskStatus.Running, _agents.Storage.TaskWrites(task.GetGrainId())[0].Status);
    }

    [Fact]
    public async Task A_first_attempt_that_fails_within_the_window_is_recorded_as_a_failed_attempt_and_retried()
    {
        var user = new AgentCaller("inline-flaky-user");
        var task = _agents.NewTask("inline-flaky");

        var submitted = await task.SubmitAsync(AgentTaskRequest.For("flaky", new FlakyInput(1, "made it"), user.UserId));
        var done = await _agents.WaitAsync(task, user);

        Assert.Equal(AgentTaskStatus.Pending, submitted.Status);
        Assert.Equal((AgentTaskStatus.Succeeded, 2), (done.Status, done.Attempts));
        Assert.Equal(2, done.Output!.Value.GetProperty("attempts").GetInt32());
        var events = (await task.ReadEventsAsync(user, 0, TimeSpan.Zero)).Events;
        Assert.Equal([1, 2], events.Where(e => e.Status == AgentTaskStatus.Running).Select(e => e.Attempts).Distinct());
        Assert.Contains(events, e => e.Error is { Retryable: true });
    }

    [Fact]
    public async Task A_fan_out_and_a_pipeline_are_not_ended_by_their_first_attempt_and_finish_as_usual()
    {
        var user = new AgentCaller("inline-route-user");
        var fanOut = _agents.NewTask("inline-fan");
        var pipeline = _agents.NewTask("inline-pipe");

        var fanSubmitted = await fanOut.SubmitAsync(AgentTaskRequest.ForRoute(["splitter", "doubler"], new[] { 1, 2, 3 }, user.UserId));
        var pipeSubmitted = await pipeline.SubmitAsync(AgentTaskRequest.ForRoute(["doubler", "incrementer"], 20, user.UserId));
        var fanDone = await _agents.WaitAsync(fanOut, user);
        var pipeDone = await _agents.WaitAsync(pipeline, user);

        Assert.Equal((AgentTaskStatus.Pending, AgentTaskStatus.Pending), (fanSubmitted.Status, pipeSubmitted.Status));
        Assert.Equal(AgentTaskStatus.Succeeded, fanDone.Status);
        Assert.Equal([2.0, 4.0, 6.0], fanDone.Output!.Value.EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal([$"{fanOut.GetPrimaryKeyString()}-0", $"{fanOut.GetPrimaryKeyString()}-1", $"{fanOut.GetPrimaryKeyString()}-2"], fanDone.ChildTaskIds);
        Assert.Equal((AgentTaskStatus.Succeeded, 41.0), (pipeDone.Status, pipeDone.Output!.Value.GetDouble()));
    }
}
