using OrleansAgents.Agents;
using OrleansAgents.Grains.Tests.Fixtures;
using Xunit;

namespace OrleansAgents.Grains.Tests.Scenarios;

/// <summary>The per-user concurrency limit (one running task per user here): queueing, fairness, cancel, fan-out.</summary>
[Collection(PerUserLimitCollection.Name)]
public sealed class PerUserLimitScenarios(PerUserLimitFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly AgentCluster _agents = fixture.Agents;

    [Fact]
    public async Task A_users_second_task_stays_pending_until_the_first_finishes_while_another_user_runs_freely()
    {
        var ada = new AgentCaller($"ada-{Guid.NewGuid():N}");
        var bob = new AgentCaller($"bob-{Guid.NewGuid():N}");
        var first = _agents.NewTask("first");
        var second = _agents.NewTask("second");
        var gate = _agents.Gates[first.GetPrimaryKeyString()];

        await first.SubmitAsync(AgentTaskRequest.For("gate", first.GetPrimaryKeyString(), ada.UserId));
        await gate.Entered.WaitAsync(Deadline);
        await second.SubmitAsync(AgentTaskRequest.For("echo", "second", ada.UserId));
        var others = _agents.NewTask("other");
        await others.SubmitAsync(AgentTaskRequest.For("echo", "other", bob.UserId));

        Assert.Equal(AgentTaskStatus.Succeeded, (await _agents.WaitAsync(others, bob)).Status);
        var waiting = await _agents.DriveAsync(second.WaitAsync(ada, TimeSpan.FromMilliseconds(200)), TimeSpan.FromMilliseconds(50));
        Assert.Equal(AgentTaskStatus.Pending, waiting.Status);
        Assert.Null(waiting.StartedAt);
        Assert.Equal(0, waiting.Attempts);

        gate.Release();
        var firstDone = await _agents.WaitAsync(first, ada);
        var secondDone = await _agents.WaitAsync(second, ada);
        Assert.Equal(AgentTaskStatus.Succeeded, firstDone.Status);
        Assert.Equal(AgentTaskStatus.Succeeded, secondDone.Status);
        Assert.True(secondDone.StartedAt >= firstDone.CompletedAt, $"second started {secondDone.StartedAt:O}, first completed {firstDone.CompletedAt:O}");
    }

    [Fact]
    public async Task Queued_tasks_of_a_user_run_one_at_a_time_in_submission_order()
    {
        var user = new AgentCaller($"queue-{Guid.NewGuid():N}");
        var blocker = _agents.NewTask("blocker");
        var gate = _agents.Gates[blocker.GetPrimaryKeyString()];
        await blocker.SubmitAsync(AgentTaskRequest.For("gate", blocker.GetPrimaryKeyString(), user.UserId));
        await gate.Entered.WaitAsync(Deadline);
        var queued = Enumerable.Range(0, 3).Select(i => _agents.NewTask($"queued-{i}")).ToArray();
        for (var i = 0; i < queued.Length; i++)
        {
            await queued[i].SubmitAsync(AgentTaskRequest.For("doubler", i, user.UserId));
        }

        gate.Release();
        var done = new List<AgentTaskSnapshot>();
        foreach (var task in queued)
        {
            done.Add(await _agents.WaitAsync(task, user));
        }

        Assert.All(done, d => Assert.Equal(AgentTaskStatus.Succeeded, d.Status));
        for (var i = 1; i < done.Count; i++)
        {
            Assert.True(done[i].StartedAt >= done[i - 1].CompletedAt, $"task {i} started before task {i - 1} completed");
        }
    }

    [Fact]
    public async Task Cancelling_a_queued_task_does_not_hold_up_the_tasks_queued_behind_it()
    {
        var user = new AgentCaller($"cancel-queued-{Guid.NewGuid():N}");
        var blocker = _agents.NewTask("blocker");
        var gate = _agents.Gates[blocker.GetPrimaryKeyString()];
        await blocker.SubmitAsync(AgentTaskRequest.For("gate", blocker.GetPrimaryKeyString(), user.UserId));
        await gate.Entered.WaitAsync(Deadline);
        var cancelled = _agents.NewTask("cancelled");
        var behind = _agents.NewTask("behind");
        await cancelled.SubmitAsync(AgentTaskRequest.For("echo", "never runs", user.UserId));
        await behind.SubmitAsync(AgentTaskRequest.For("echo", "runs", user.UserId));

        Assert.Equal(AgentTaskStatus.Cancelled, (await _agents.DriveAsync(cancelled.CancelAsync(user))).Status);
        gate.Release();
        Assert.Equal(AgentTaskStatus.Succeeded, (await _agents.WaitAsync(blocker, user)).Status);

        var done = await _agents.WaitAsync(behind, user);
        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        Assert.Equal(0, (await cancelled.GetAsync(user)).Attempts);
    }

    [Fact]
    public async Task A_fan_out_completes_under_a_limit_of_one_task_per_user()
    {
        var user = new AgentCaller($"fan-limit-{Guid.NewGuid():N}");
        var task = _agents.NewTask();

        await task.SubmitAsync(AgentTaskRequest.ForRoute(["splitter", "doubler"], new[] { 1, 2, 3 }, user.UserId));
        var done = await _agents.WaitAsync(task, user);

        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        Assert.Equal([2.0, 4.0, 6.0], done.Output!.Value.EnumerateArray().Select(e => e.GetDouble()));
    }

    [Fact]
    public async Task An_agent_calling_another_agent_completes_under_a_limit_of_one_task_per_user()
    {
        var user = new AgentCaller($"call-limit-{Guid.NewGuid():N}");
        var task = _agents.NewTask();

        await task.SubmitAsync(AgentTaskRequest.For("caller", new TestAgents.CallingInput("doubler", 4), user.UserId));
        var done = await _agents.WaitAsync(task, user);

        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        Assert.Equal(9, done.Output!.Value.GetDouble());
    }
}
