using OrleansAgents.Agents;
using OrleansAgents.Agents.Samples;
using OrleansAgents.Grains.Tests.Fixtures;
using OrleansAgents.Grains.Tests.TestAgents;
using Xunit;

namespace OrleansAgents.Grains.Tests.Scenarios;

/// <summary>A task's events are stored with it, numbered without gaps: a reader resumes after the last one it saw.</summary>
[Collection(AgentClusterCollection.Name)]
public sealed class EventScenarios(AgentClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly AgentCluster _agents = fixture.Agents;

    [Fact]
    public async Task A_finished_task_replays_every_event_in_order_with_its_output_on_the_last()
    {
        var user = new AgentCaller("events-user");
        var task = _agents.NewTask("events");
        var submitted = await task.SubmitAsync(AgentTaskRequest.For("slow", new SlowInput(Steps: 3, StepMilliseconds: 10), user.UserId));
        var done = await _agents.WaitAsync(task, user);

        var page = await task.ReadEventsAsync(user, 0, TimeSpan.Zero);

        Assert.Equal(1, submitted.Sequence);
        Assert.Equal(done.Sequence, page.Task.Sequence);
        Assert.Equal(1, page.FirstSequence);
        Assert.Equal(Enumerable.Range(1, (int)done.Sequence).Select(i => (long)i), page.Events.Select(e => e.Sequence));
        Assert.Equal(
            [AgentTaskStatus.Pending, AgentTaskStatus.Running, AgentTaskStatus.Running, AgentTaskStatus.Running, AgentTaskStatus.Running, AgentTaskStatus.Succeeded],
            page.Events.Select(e => e.Status));
        Assert.Equal(["step 1 of 3", "step 2 of 3", "step 3 of 3"], page.Events.Skip(2).Take(3).Select(e => e.Progress.Message));
        Assert.Equal(done.Output!.Value.GetRawText(), page.Events[^1].Output!.Value.GetRawText());
        Assert.All(page.Events.SkipLast(1), e => Assert.Null(e.Output));
        Assert.Equal(page.Events.Select(e => e.At).Order(), page.Events.Select(e => e.At));
        Assert.All(page.Events, e => Assert.Equal(task.GetPrimaryKeyString(), e.TaskId));

        // Every event was persisted, and nothing else: the writes carry the event sequence numbers after the first.
        var writes = _agents.Storage.TaskWrites(task.GetGrainId()).Select(w => w.Sequence).ToArray();
        Assert.Equal(Enumerable.Range(2, (int)done.Sequence - 1).Select(i => (long)i), writes);
    }

    [Fact]
    public async Task Applying_every_event_to_the_submitted_task_gives_the_tasks_record_with_its_start_and_completion()
    {
        var user = new AgentCaller("events-fold-user");
        var task = _agents.NewTask("events-fold");
        var submitted = await task.SubmitAsync(AgentTaskRequest.For("slow", new SlowInput(Steps: 2, StepMilliseconds: 10), user.UserId));
        var done = await _agents.WaitAsync(task, user);

        var page = await task.ReadEventsAsync(user, submitted.Sequence, TimeSpan.Zero);
        var folded = page.Events.Aggregate(submitted, (current, change) => change.ApplyTo(current));

        Assert.Null(submitted.StartedAt);
        Assert.NotNull(done.StartedAt);
        Assert.NotNull(done.CompletedAt);
        Assert.Equal(
            (done.Status, done.Sequence, done.Attempts, done.Progress, done.StartedAt, done.CompletedAt, done.UpdatedAt, done.Output!.Value.GetRawText()),
            (folded.Status, folded.Sequence, folded.Attempts, folded.Progress, folded.StartedAt, folded.CompletedAt, folded.UpdatedAt, folded.Output!.Value.GetRawText()));
    }

    [Fact]
    public async Task Reading_after_a_sequence_returns_only_later_events_and_a_finished_task_answers_at_once()
    {
        var user = new AgentCaller("events-after-user");
        var task = _agents.NewTask("events-after");
        await task.SubmitAsync(AgentTaskRequest.For("echo", "hi", user.UserId));
        var done = await _agents.WaitAsync(task, user);

        var after1 = await task.ReadEventsAsync(user, 1, TimeSpan.Zero);
        Assert.Equal([2L, 3L], after1.Events.Select(e => e.Sequence));

        // Nothing after the terminal event, and no waiting for one (the fake clock is not moved: a wait would hang).
        var atEnd = await task.ReadEventsAsync(user, done.Sequence, TimeSpan.FromHours(1)).WaitAsync(Deadline);
        Assert.Empty(atEnd.Events);
        Assert.Equal(AgentTaskStatus.Succeeded, atEnd.Task.Status);
    }

    [Fact]
    public async Task A_read_with_nothing_new_waits_for_the_next_persisted_event()
    {
        var user = new AgentCaller("events-wait-user");
        var task = _agents.NewTask("events-wait");
        var gate = _agents.Gates[task.GetPrimaryKeyString()];
        await task.SubmitAsync(AgentTaskRequest.For(GateAgent.Name, task.GetPrimaryKeyString(), user.UserId));
        await gate.Entered.WaitAsync(Deadline);
        var running = await task.GetAsync(user);

        // A read whose wait runs out (on the fake clock) answers with no events, the task as it is.
        var quiet = task.ReadEventsAsync(user, running.Sequence, TimeSpan.FromSeconds(5));
        var empty = await _agents.DriveAsync(quiet, TimeSpan.FromSeconds(1));
        Assert.Empty(empty.Events);
        Assert.Equal(running.Sequence, empty.Task.Sequence);

        var read = task.ReadEventsAsync(user, running.Sequence, TimeSpan.FromMinutes(1));
        gate.Release();
        var page = await read.WaitAsync(Deadline);
        var next = Assert.Single(page.Events);
        Assert.Equal((running.Sequence + 1, AgentTaskStatus.Succeeded), (next.Sequence, next.Status));
    }

    [Fact]
    public async Task Another_user_cannot_read_the_events()
    {
        var user = new AgentCaller("events-owner");
        var task = _agents.NewTask("events-owned");
        await task.SubmitAsync(AgentTaskRequest.For("echo", "mine", user.UserId));
        await _agents.WaitAsync(task, user);

        await Assert.ThrowsAsync<AgentTaskNotFoundException>(() => task.ReadEventsAsync(new AgentCaller("events-other"), 0, TimeSpan.Zero));
        Assert.NotEmpty((await task.ReadEventsAsync(AgentCaller.Admin, 0, TimeSpan.Zero)).Events);
    }
}
