using OrleansAgents.Agents;
using OrleansAgents.Agents.Samples;
using OrleansAgents.Grains.Tests.Fixtures;
using Xunit;

namespace OrleansAgents.Grains.Tests.Scenarios;

/// <summary>Users see and cancel only their own tasks; admins see all; listings are per user.</summary>
[Collection(AgentClusterCollection.Name)]
public sealed class UserScenarios(AgentClusterFixture fixture)
{
    private readonly AgentCluster _agents = fixture.Agents;

    [Fact]
    public async Task Another_users_task_is_invisible_to_get_wait_and_cancel_but_an_admin_can_read_it()
    {
        var owner = new AgentCaller($"owner-{Guid.NewGuid():N}");
        var stranger = new AgentCaller($"stranger-{Guid.NewGuid():N}");
        var task = _agents.NewTask();
        await task.SubmitAsync(AgentTaskRequest.For("slow", new SlowInput(Steps: 100, StepMilliseconds: 50), owner.UserId));

        var notFound = await Assert.ThrowsAsync<AgentTaskNotFoundException>(() => task.GetAsync(stranger));
        await Assert.ThrowsAsync<AgentTaskNotFoundException>(() => task.WaitAsync(stranger, TimeSpan.FromMilliseconds(50)));
        await Assert.ThrowsAsync<AgentTaskNotFoundException>(() => task.CancelAsync(stranger));

        Assert.Contains(stranger.UserId, notFound.Message, StringComparison.Ordinal);
        Assert.False((await task.GetAsync(owner)).Status.IsTerminal(), "a stranger's cancel must not cancel the task");
        var asAdmin = await task.GetAsync(AgentCaller.Admin);
        Assert.Equal(owner.UserId, asAdmin.UserId);

        var cancelled = await _agents.DriveAsync(task.CancelAsync(AgentCaller.Admin));
        Assert.Equal(AgentTaskStatus.Cancelled, cancelled.Status);
    }

    [Fact]
    public async Task Concurrent_tasks_from_several_users_stay_isolated_and_each_listing_holds_only_its_users_tasks()
    {
        var users = Enumerable.Range(0, 4).Select(i => new AgentCaller($"iso-{i}-{Guid.NewGuid():N}")).ToArray();
        var work = users.SelectMany((user, u) => Enumerable.Range(0, 5).Select(i => (user, value: (u * 100) + i, task: _agents.NewTask($"iso-{u}"))))
            .ToArray();

        await Task.WhenAll(work.Select(w => w.task.SubmitAsync(AgentTaskRequest.ForRoute(["doubler", "incrementer"], w.value, w.user.UserId))));
        var results = await Task.WhenAll(work.Select(w => _agents.WaitAsync(w.task, w.user)));

        for (var i = 0; i < work.Length; i++)
        {
            Assert.Equal(AgentTaskStatus.Succeeded, results[i].Status);
            Assert.Equal((work[i].value * 2) + 1, results[i].Output!.Value.GetDouble());
            Assert.Equal(work[i].user.UserId, results[i].UserId);
        }

        foreach (var user in users)
        {
            var mine = work.Where(w => w.user == user).Select(w => w.task.GetPrimaryKeyString()).Order().ToArray();
            var listing = await _agents.MatchAsync(
                () => _agents.Client.GetGrain<IUserTasksGrain>(user.UserId).ListAsync(100),
                l => l.Count == mine.Length && l.All(t => t.Status == AgentTaskStatus.Succeeded),
                $"{user.UserId}'s listing to show their {mine.Length} tasks as succeeded");
            Assert.Equal(mine, listing.Select(t => t.TaskId).Order());

            var other = work.First(w => w.user != user);
            await Assert.ThrowsAsync<AgentTaskNotFoundException>(() => other.task.GetAsync(user));
        }
    }

    [Fact]
    public async Task A_users_listing_is_newest_first_respects_the_limit_and_follows_status_changes()
    {
        var user = new AgentCaller($"list-{Guid.NewGuid():N}");
        var tasks = new List<IAgentTaskGrain>();
        for (var i = 0; i < 3; i++)
        {
            var task = _agents.NewTask($"list-{i}");
            await task.SubmitAsync(AgentTaskRequest.For("echo", i, user.UserId));
            await _agents.WaitAsync(task, user);
            tasks.Add(task);
        }

        var slow = _agents.NewTask("list-slow");
        await slow.SubmitAsync(AgentTaskRequest.For("slow", new SlowInput(Steps: 100, StepMilliseconds: 50), user.UserId));
        var listing = _agents.Client.GetGrain<IUserTasksGrain>(user.UserId);

        var running = await _agents.MatchAsync(
            () => listing.ListAsync(2),
            l => l.Count == 2 && l[0].TaskId == slow.GetPrimaryKeyString() && l[0].Status == AgentTaskStatus.Running,
            "the newest task first, listed as running");
        Assert.Equal(tasks[2].GetPrimaryKeyString(), running[1].TaskId);
        Assert.Equal(["slow"], running[0].Route);

        await _agents.DriveAsync(slow.CancelAsync(user));
        await _agents.MatchAsync(
            () => listing.ListAsync(10),
            l => l.Count == 4 && l[0].Status == AgentTaskStatus.Cancelled,
            "the cancelled task to be listed as cancelled");
    }
}
