using OrleansAgents.Agents;
using OrleansAgents.Agents.Samples;
using OrleansAgents.Grains.Tests.Fixtures;
using Xunit;

namespace OrleansAgents.Grains.Tests.Scenarios;

/// <summary>Cancelling: a cooperative agent stops, a stubborn one is overruled after the grace period.</summary>
[Collection(AgentClusterCollection.Name)]
public sealed class CancellationScenarios(AgentClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly AgentCluster _agents = fixture.Agents;

    [Fact]
    public async Task Cancelling_a_running_task_stops_the_agent_and_ends_the_task_cancelled()
    {
        var user = new AgentCaller("cancel-user");
        var task = _agents.NewTask();
        await task.SubmitAsync(AgentTaskRequest.For("slow", new SlowInput(Steps: 200, StepMilliseconds: 50), user.UserId));
        await _agents.MatchAsync(() => task.GetAsync(user), t => t.Status == AgentTaskStatus.Running && t.Progress.Percent > 0, "the slow task to be running and reporting progress");

        var cancelled = await _agents.DriveAsync(task.CancelAsync(user));

        Assert.Equal(AgentTaskStatus.Cancelled, cancelled.Status);
        Assert.NotNull(cancelled.CompletedAt);
        Assert.Null(cancelled.Output);
        Assert.InRange(cancelled.Progress.Percent, 0.1, 99);
        Assert.Equal(AgentTaskStatus.Cancelled, (await _agents.WaitAsync(task, user)).Status);
        Assert.Equal(AgentTaskStatus.Cancelled, (await _agents.ReadRecordAsync(_agents.Primary, task))!.Status);
    }

    [Fact]
    public async Task Cancelling_a_finished_task_changes_nothing()
    {
        var user = new AgentCaller("cancel-finished-user");
        var task = _agents.NewTask();
        await task.SubmitAsync(AgentTaskRequest.For("doubler", 3, user.UserId));
        var done = await _agents.WaitAsync(task, user);

        var cancelled = await task.CancelAsync(user);

        Assert.Equal(AgentTaskStatus.Succeeded, cancelled.Status);
        Assert.Equal(StorageLog.Canonical(done), StorageLog.Canonical(cancelled));
    }

    [Fact]
    public async Task Cancelling_an_agent_that_ignores_cancellation_forces_the_task_to_cancelled_after_the_grace_period()
    {
        var user = new AgentCaller("cancel-stubborn-user");
        var task = _agents.NewTask();
        var gate = _agents.Gates[task.GetPrimaryKeyString()];
        await task.SubmitAsync(AgentTaskRequest.For("gate", task.GetPrimaryKeyString(), user.UserId));
        await gate.Entered.WaitAsync(Deadline);
        await _agents.MatchAsync(() => task.GetAsync(user), t => t.Status == AgentTaskStatus.Running, "the gate task to be running");

        var started = _agents.Now;
        var cancelled = await _agents.DriveAsync(task.CancelAsync(user), TimeSpan.FromMilliseconds(50));
        var took = _agents.Now - started;

        Assert.Equal(AgentTaskStatus.Cancelled, cancelled.Status);
        Assert.False(gate.Finished.IsCompleted, "the agent should still be running: the task was forced to Cancelled");
        Assert.InRange(took, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));

        gate.Release();
        await gate.Finished.WaitAsync(Deadline);
        var after = await _agents.WaitAsync(task, user);
        Assert.Equal(AgentTaskStatus.Cancelled, after.Status);
        Assert.Null(after.Output);
    }

    [Fact]
    public async Task Cancelling_the_slow_agent_that_ignores_cancellation_still_ends_cancelled_and_keeps_no_late_output()
    {
        var user = new AgentCaller("cancel-slow-stubborn-user");
        var task = _agents.NewTask();
        await task.SubmitAsync(AgentTaskRequest.For("slow", new SlowInput(Steps: 8, StepMilliseconds: 100, IgnoreCancellation: true), user.UserId));
        await _agents.MatchAsync(() => task.GetAsync(user), t => t.Status == AgentTaskStatus.Running, "the slow task to be running");

        var cancelled = await _agents.DriveAsync(task.CancelAsync(user), TimeSpan.FromMilliseconds(50));

        Assert.Equal(AgentTaskStatus.Cancelled, cancelled.Status);
        Assert.True(cancelled.Progress.Percent < 100, $"cancelled at {cancelled.Progress.Percent}%, before the agent finished");
        var writes = _agents.Storage.TaskWrites(task.GetGrainId());
        Assert.Single(writes, w => w.Status.IsTerminal());
        Assert.Equal(AgentTaskStatus.Cancelled, writes[^1].Status);
    }

    [Fact]
    public async Task Cancelling_a_fan_out_cancels_its_running_children()
    {
        var user = new AgentCaller("cancel-fanout-user");
        var task = _agents.NewTask();
        var slow = new SlowInput(Steps: 200, StepMilliseconds: 50);
        await task.SubmitAsync(AgentTaskRequest.ForRoute(["splitter", "slow"], new[] { slow, slow }, user.UserId));
        var parent = await _agents.MatchAsync(() => task.GetAsync(user), t => t.ChildTaskIds.Count == 2, "the fan-out to create its children");
        var children = parent.ChildTaskIds.Select(id => _agents.Client.GetGrain<IAgentTaskGrain>(id)).ToArray();
        foreach (var child in children)
        {
            await _agents.MatchAsync(() => child.GetAsync(user), t => t.Status == AgentTaskStatus.Running, "each child to be running");
        }

        var cancelled = await _agents.DriveAsync(task.CancelAsync(user));

        Assert.Equal(AgentTaskStatus.Cancelled, cancelled.Status);
        foreach (var child in children)
        {
            Assert.Equal(AgentTaskStatus.Cancelled, (await _agents.WaitAsync(child, user)).Status);
        }
    }
}
