using OrleansAgents.Agents;
using OrleansAgents.Agents.Samples;
using OrleansAgents.Grains.Tests.Fixtures;
using Xunit;

namespace OrleansAgents.Grains.Tests.Scenarios;

/// <summary>What callers see: only persisted state, while the agent runs, and when a wait times out.</summary>
[Collection(AgentClusterCollection.Name)]
public sealed class ObservationScenarios(AgentClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly AgentCluster _agents = fixture.Agents;

    [Fact]
    public async Task Every_state_a_caller_observes_was_persisted_before_it_was_observed()
    {
        var user = new AgentCaller("persisted-user");
        var task = _agents.NewTask();
        await task.SubmitAsync(AgentTaskRequest.ForRoute(["slow", "echo"], new SlowInput(Steps: 10, StepMilliseconds: 30), user.UserId));

        var observed = new List<AgentTaskSnapshot>();
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var snapshot = await task.GetAsync(user);
            var persisted = _agents.Storage.TaskWrites(task.GetGrainId()).Select(StorageLog.Canonical).ToHashSet();
            Assert.True(
                persisted.Contains(StorageLog.Canonical(snapshot)),
                $"GetAsync returned a state that storage had not accepted: {snapshot.Status}, attempt {snapshot.Attempts}, {snapshot.Progress.Percent}%");
            observed.Add(snapshot);
            if (snapshot.Status.IsTerminal())
            {
                break;
            }

            Assert.True(TimeProvider.System.GetElapsedTime(started) < AgentCluster.RealDeadline, "the task should finish within the deadline");
            await _agents.Test.AdvanceAsync(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10));
        }

        Assert.True(observed[^1].Status == AgentTaskStatus.Succeeded, $"ended {observed[^1].Status}: {observed[^1].Error}; writes: {string.Join(" | ", _agents.Storage.TaskWrites(task.GetGrainId()).Select(w => $"{w.Status} s{w.StepIndex} a{w.Attempts} {w.Progress.Percent}"))}");
        Assert.Contains(observed, s => s.Status == AgentTaskStatus.Running);
    }

    [Fact]
    public async Task The_stored_record_matches_what_GetAsync_returns()
    {
        var user = new AgentCaller("record-user");
        var task = _agents.NewTask();
        await task.SubmitAsync(AgentTaskRequest.For("flaky", new FlakyInput(1, "v"), user.UserId) with { RunId = "run-record" });
        var done = await _agents.WaitAsync(task, user);

        foreach (var silo in _agents.Cluster.Silos)
        {
            var record = await _agents.ReadRecordAsync(silo, task);
            Assert.NotNull(record);
            Assert.Equal(done.Status, record.Status);
            Assert.Equal(done.Attempts, record.Attempts);
            Assert.Equal(done.Error, record.Error);
            Assert.Equal(done.CreatedAt, record.CreatedAt);
            Assert.Equal(done.StartedAt, record.StartedAt);
            Assert.Equal(done.CompletedAt, record.CompletedAt);
            Assert.Equal(done.UpdatedAt, record.UpdatedAt);
            Assert.Equal(user.UserId, record.UserId);
            Assert.Equal("run-record", record.RunId);
            Assert.Equal(StorageLog.Canonical(done), StorageLog.Canonical(record));
        }

        Assert.Equal(2, done.Attempts);
        Assert.NotNull(done.Error);
    }

    [Fact]
    public async Task GetAsync_answers_while_the_agent_runs_and_shows_intermediate_progress()
    {
        var user = new AgentCaller("progress-user");
        var task = _agents.NewTask();
        await task.SubmitAsync(AgentTaskRequest.For("slow", new SlowInput(Steps: 10, StepMilliseconds: 100), user.UserId));

        var running = await _agents.MatchAsync(
            () => task.GetAsync(user),
            t => t.Status == AgentTaskStatus.Running && t.Progress.Percent is > 0 and < 100,
            "the slow task to report intermediate progress while running");
        var done = await _agents.WaitAsync(task, user);

        Assert.Matches(@"^step \d+ of 10$", running.Progress.Message);
        Assert.Null(running.CompletedAt);
        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        Assert.Equal(100, done.Progress.Percent);
        var percents = _agents.Storage.TaskWrites(task.GetGrainId()).Select(w => w.Progress.Percent).Distinct().ToArray();
        Assert.Equal([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100], percents);
    }

    [Fact]
    public async Task Progress_of_a_route_is_steps_done_over_total_refined_by_the_running_step()
    {
        var user = new AgentCaller("route-progress-user");
        var task = _agents.NewTask();
        await task.SubmitAsync(AgentTaskRequest.ForRoute(["echo", "slow"], new SlowInput(Steps: 4, StepMilliseconds: 20), user.UserId));
        var done = await _agents.WaitAsync(task, user);

        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        var percents = _agents.Storage.TaskWrites(task.GetGrainId()).Select(w => w.Progress.Percent).Distinct().ToArray();
        Assert.Equal([0, 50, 62.5, 75, 87.5, 100], percents);
    }

    [Fact]
    public async Task WaitAsync_with_a_short_timeout_returns_the_task_as_it_is()
    {
        var user = new AgentCaller("short-wait-user");
        var task = _agents.NewTask();
        await task.SubmitAsync(AgentTaskRequest.For("slow", new SlowInput(Steps: 20, StepMilliseconds: 100), user.UserId));

        var started = _agents.Now;
        var waited = await _agents.DriveAsync(task.WaitAsync(user, TimeSpan.FromMilliseconds(200)), TimeSpan.FromMilliseconds(50));
        var took = _agents.Now - started;

        Assert.False(waited.Status.IsTerminal(), $"expected a non-terminal snapshot, got {waited.Status}");
        Assert.Null(waited.CompletedAt);
        Assert.InRange(took, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(5));
        await _agents.DriveAsync(task.CancelAsync(user));
    }
}
