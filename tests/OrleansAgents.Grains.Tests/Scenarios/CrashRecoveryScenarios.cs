using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.TestingHost;
using OrleansAgents.Agents;
using OrleansAgents.Agents.Samples;
using OrleansAgents.Grains.Tests.Fixtures;
using OrleansAgents.Grains.Tests.TestAgents;
using OrleansAgents.Hosting;
using Xunit;

namespace OrleansAgents.Grains.Tests.Scenarios;

/// <summary>A silo dies under running tasks: they resume on a survivor, as a new attempt, and end exactly once.</summary>
public sealed class CrashRecoveryScenarios
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_task_whose_silo_is_killed_completes_on_another_silo_as_a_new_attempt_with_one_terminal_record()
    {
        await using var agents = await AgentCluster.StartAsync(3);
        var user = new AgentCaller("crash-user");
        var task = agents.NewTask("crash");
        await task.SubmitAsync(AgentTaskRequest.For("slow", new SlowInput(Steps: 40, StepMilliseconds: 50), user.UserId));
        await agents.MatchAsync(() => task.GetAsync(user), t => t.Status == AgentTaskStatus.Running && t.Progress.Percent > 0, "the slow task to be running");
        var victim = await agents.HostOfAsync(task) ?? throw new InvalidOperationException("no silo hosts the running task");

        await agents.KillAsync(victim);
        var done = await SiloLoss.RetryAsync(() => agents.WaitAsync(task, user));

        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        Assert.Equal(2, done.Attempts);

        // A finished task releases its activation, so there is no host left to inspect: the single terminal record,
        // written after the only silo that ran attempt 1 was killed, is what shows another silo finished it.
        Assert.DoesNotContain(agents.Cluster.Silos, s => s.SiloAddress.Equals(victim.SiloAddress));
        AssertOneTerminalRecord(agents, task, AgentTaskStatus.Succeeded);
        var listed = await agents.MatchAsync(
            () => agents.Client.GetGrain<IUserTasksGrain>(user.UserId).ListAsync(10),
            l => l.Any(t => t.Status == AgentTaskStatus.Succeeded),
            "the user's listing to show the task as succeeded");
        Assert.Single(listed, t => t.TaskId == task.GetPrimaryKeyString());
    }

    [Fact]
    public async Task An_event_watcher_sees_every_event_once_and_in_order_across_the_kill_of_the_tasks_silo()
    {
        await using var agents = await AgentCluster.StartAsync(3);
        var user = new AgentCaller("watch-crash-user");
        var client = new AgentClient(agents.Client, user);
        var task = agents.NewTask("watch-crash");
        await task.SubmitAsync(AgentTaskRequest.For("slow", new SlowInput(Steps: 40, StepMilliseconds: 50), user.UserId));
        var seen = new List<AgentTaskEvent>();
        var watching = Task.Run(async () =>
        {
            await foreach (var e in client.WatchEventsAsync(task.GetPrimaryKeyString()))
            {
                lock (seen)
                {
                    seen.Add(e);
                }
            }
        });
        await agents.EventuallyAsync(() => { lock (seen) { return seen.Any(e => e.Progress.Percent > 0); } }, "the watcher to see the task's progress");
        var victim = await agents.HostOfAsync(task) ?? throw new InvalidOperationException("no silo hosts the running task");

        await agents.KillAsync(victim);
        await agents.DriveAsync(watching);

        var done = await SiloLoss.RetryAsync(() => agents.WaitAsync(task, user));
        Assert.Equal((AgentTaskStatus.Succeeded, 2), (done.Status, done.Attempts));
        Assert.Equal(Enumerable.Range(1, (int)done.Sequence).Select(i => (long)i), seen.Select(e => e.Sequence));
        Assert.Equal(AgentTaskStatus.Succeeded, seen[^1].Status);
        Assert.Equal([1, 2], seen.Where(e => e.Status == AgentTaskStatus.Running).Select(e => e.Attempts).Distinct());
    }

    [Fact]
    public async Task A_running_task_whose_silo_stops_gracefully_has_its_agent_stopped_and_finishes_on_another_silo_as_a_new_attempt()
    {
        await using var agents = await AgentCluster.StartAsync(3);
        var user = new AgentCaller("stop-user");
        var task = agents.NewTask("stop");
        var probe = task.GetPrimaryKeyString();
        await task.SubmitAsync(AgentTaskRequest.For(StayAgent.Name, probe, user.UserId));
        await agents.EventuallyAsync(() => agents.Stays.Runs(probe) == 1, "the agent's first run to start");
        var host = await agents.HostOfAsync(task) ?? throw new InvalidOperationException("no silo hosts the running task");

        await agents.DriveAsync(agents.Cluster.StopSiloAsync(host));
        await agents.DriveAsync(agents.Cluster.WaitForLivenessToStabilizeAsync());

        // The silo's deactivation told the agent to stop, instead of leaving it running while another attempt starts.
        await agents.DriveAsync(agents.Stays.WhenStopped(probe).WaitAsync(Deadline));
        var done = await SiloLoss.RetryAsync(() => agents.WaitAsync(task, user));
        Assert.Equal((AgentTaskStatus.Succeeded, 2), (done.Status, done.Attempts));
        Assert.Equal(2, agents.Stays.Runs(probe));
        AssertOneTerminalRecord(agents, task, AgentTaskStatus.Succeeded);
    }

    [Fact]
    public async Task Tasks_submitted_while_a_silo_is_killed_all_complete_each_with_one_terminal_record()
    {
        await using var agents = await AgentCluster.StartAsync(3);
        var user = new AgentCaller("submit-during-crash-user");
        var tasks = Enumerable.Range(0, 12).Select(i => agents.NewTask($"during-{i}")).ToArray();
        var request = AgentTaskRequest.For("slow", new SlowInput(Steps: 4, StepMilliseconds: 50), user.UserId) with { RunId = "during-crash" };

        var submits = Task.WhenAll(tasks.Select(t => SiloLoss.RetryAsync(() => t.SubmitAsync(request))));
        await agents.KillAsync(agents.Cluster.Silos[1]);
        await agents.DriveAsync(submits);
        var results = await Task.WhenAll(tasks.Select(t => SiloLoss.RetryAsync(() => agents.WaitAsync(t, user))));

        Assert.All(results, r => Assert.Equal(AgentTaskStatus.Succeeded, r.Status));
        foreach (var task in tasks)
        {
            AssertOneTerminalRecord(agents, task, AgentTaskStatus.Succeeded);
        }
    }

    [Fact]
    public async Task A_task_nobody_calls_is_resumed_by_its_recovery_reminder_after_its_silo_dies()
    {
        await using var agents = await AgentCluster.StartAsync(
            3,
            o => o.RecoveryPeriod = TimeSpan.FromMilliseconds(500),
            b => b.ConfigureSilo(s => s.Configure<ReminderOptions>(r => r.MinimumReminderPeriod = TimeSpan.FromMilliseconds(100))));
        var user = new AgentCaller("reminder-user");
        var task = agents.NewTask("orphan");
        await task.SubmitAsync(AgentTaskRequest.For("slow", new SlowInput(Steps: 40, StepMilliseconds: 50), user.UserId));
        await agents.MatchAsync(() => task.GetAsync(user), t => t.Status == AgentTaskStatus.Running && t.Progress.Percent > 0, "the slow task to be running");
        var victim = await agents.HostOfAsync(task) ?? throw new InvalidOperationException("no silo hosts the running task");

        await agents.KillAsync(victim);
        var survivor = agents.Cluster.Silos.First(s => !s.SiloAddress.Equals(victim.SiloAddress));
        var record = await agents.MatchAsync(
            () => agents.ReadRecordAsync(survivor, task),
            t => t!.Status.IsTerminal(),
            "the recovery reminder to resume the task and see it to the end");

        Assert.Equal(AgentTaskStatus.Succeeded, record!.Status);
        Assert.Equal(2, record.Attempts);
        AssertOneTerminalRecord(agents, task, AgentTaskStatus.Succeeded);
        await agents.MatchAsync(
            () => agents.StoredRecoveryIndexAsync(task.GetPrimaryKeyString()),
            ids => !ids.Contains(task.GetPrimaryKeyString()),
            "the finished task to leave the recovery index");
    }

    [Fact]
    public async Task A_task_killed_on_its_last_allowed_attempt_fails_with_a_silo_failure_error()
    {
        await using var agents = await AgentCluster.StartAsync(
            3,
            builder: b => b.AddAgent<SlowAgent>("fragile", o => o.MaxAttempts = 1));
        var user = new AgentCaller("fragile-user");
        var task = agents.NewTask("fragile");
        await task.SubmitAsync(AgentTaskRequest.For("fragile", new SlowInput(Steps: 100, StepMilliseconds: 50), user.UserId));
        await agents.MatchAsync(() => task.GetAsync(user), t => t.Status == AgentTaskStatus.Running, "the fragile task to be running");
        var victim = await agents.HostOfAsync(task) ?? throw new InvalidOperationException("no silo hosts the running task");

        await agents.KillAsync(victim);
        var done = await SiloLoss.RetryAsync(() => agents.WaitAsync(task, user));

        Assert.Equal(AgentTaskStatus.Failed, done.Status);
        Assert.Equal(1, done.Attempts);
        Assert.Equal("SiloFailure", done.Error!.Type);
        Assert.Equal("fragile", done.Error.Step);
        AssertOneTerminalRecord(agents, task, AgentTaskStatus.Failed);
    }

    [Fact]
    public async Task A_fan_out_whose_parent_silo_is_killed_resumes_waiting_for_its_children()
    {
        await using var agents = await AgentCluster.StartAsync(3);
        var user = new AgentCaller("fan-crash-user");
        var task = agents.NewTask("fan-crash");
        var slow = new SlowInput(Steps: 20, StepMilliseconds: 50);
        await task.SubmitAsync(AgentTaskRequest.ForRoute(["splitter", "slow", "echo"], new[] { slow, slow, slow }, user.UserId));
        var parent = await agents.MatchAsync(() => task.GetAsync(user), t => t.ChildTaskIds.Count == 3, "the fan-out to create its children");
        var victim = await agents.HostOfAsync(task) ?? throw new InvalidOperationException("no silo hosts the parent");

        await agents.KillAsync(victim);
        var done = await SiloLoss.RetryAsync(() => agents.WaitAsync(task, user));

        Assert.True(done.Status == AgentTaskStatus.Succeeded, $"expected Succeeded, got {done.Status}: {done.Error}");
        Assert.Equal(parent.ChildTaskIds, done.ChildTaskIds);
        Assert.Equal(3, done.Output!.Value.GetArrayLength());
        Assert.All(done.Output.Value.EnumerateArray(), o => Assert.Equal(20, o.GetProperty("steps").GetInt32()));
        AssertOneTerminalRecord(agents, task, AgentTaskStatus.Succeeded);
    }

    [Fact]
    public async Task A_fan_out_survives_the_loss_of_a_silo_running_one_of_its_children()
    {
        // Random placement: Orleans' default (resource-optimized) placement prefers the caller's silo when the silos'
        // statistics are alike, and the silos of one process are alike, so the children mostly landed beside their
        // parent and, under load, 20 fan-outs in a row had none elsewhere (flake budget, session 8).
        await using var agents = await AgentCluster.StartAsync(3, builder: cluster => cluster.ConfigureSilo(silo =>
            silo.Services.AddSingleton<PlacementStrategy, RandomPlacement>()));
        var user = new AgentCaller("child-crash-user");
        var slow = new SlowInput(Steps: 20, StepMilliseconds: 50);
        IAgentTaskGrain task;
        AgentTaskSnapshot parent;
        InProcessSiloHandle victim;
        var attempt = 0;
        while (true)
        {
            Assert.True(attempt < 20, "no fan-out had a child on another silo than its parent");
            task = agents.NewTask($"child-crash-{attempt++}");
            await task.SubmitAsync(AgentTaskRequest.ForRoute(["splitter", "slow"], new[] { slow, slow, slow }, user.UserId));

            // Small clock steps: the children must still be running (activated) when their hosts are looked up.
            parent = await agents.MatchAsync(() => task.GetAsync(user), t => t.ChildTaskIds.Count == 3, "the fan-out to create its children", TimeSpan.FromMilliseconds(5));
            var parentHost = await agents.HostOfAsync(task);
            var childHosts = await Task.WhenAll(parent.ChildTaskIds.Select(id => agents.HostOfAsync(agents.Client.GetGrain<IAgentTaskGrain>(id))));
            if (childHosts.FirstOrDefault(h => h is not null && h != parentHost) is { } childHost)
            {
                victim = childHost;
                break;
            }
        }

        await agents.KillAsync(victim);
        var done = await SiloLoss.RetryAsync(() => agents.WaitAsync(task, user));

        Assert.True(done.Status == AgentTaskStatus.Succeeded, $"expected Succeeded, got {done.Status}: {done.Error}");
        Assert.Equal(3, done.Output!.Value.GetArrayLength());
        foreach (var child in parent.ChildTaskIds)
        {
            AssertOneTerminalRecord(agents, agents.Client.GetGrain<IAgentTaskGrain>(child), AgentTaskStatus.Succeeded);
        }
    }

    private static void AssertOneTerminalRecord(AgentCluster agents, IAgentTaskGrain task, AgentTaskStatus expected)
    {
        var terminal = agents.Storage.TaskWrites(task.GetGrainId()).Where(w => w.Status.IsTerminal()).ToArray();
        Assert.True(terminal.Length == 1, $"{task.GetPrimaryKeyString()}: expected one terminal record, found {terminal.Length} ({string.Join(", ", terminal.Select(t => t.Status))})");
        Assert.Equal(expected, terminal[0].Status);
    }
}
