using Microsoft.Extensions.DependencyInjection;
using OrleansAgents.Agents;
using OrleansAgents.Agents.Samples;
using OrleansAgents.Grains.Tests.Fixtures;
using Xunit;

namespace OrleansAgents.Grains.Tests.Scenarios;

/// <summary>What a task does when another activation of it (a stale one) wrote its record in between.</summary>
public sealed class ConflictScenarios
{
    private static readonly AgentCaller Ada = new("ada");

    [Fact]
    public async Task A_task_whose_record_was_written_by_another_activation_reloads_it_and_still_finishes_once()
    {
        await using var agents = await AgentCluster.StartAsync(1);
        var task = agents.Client.GetGrain<IAgentTaskGrain>("conflict-1");
        await task.SubmitAsync(AgentTaskRequest.For("slow", new SlowInput(Steps: 8, StepMilliseconds: 40), "ada"));

        // Without moving the clock: the agent then waits in its first step, and the task writes nothing until time moves,
        // so the conflicting write below cannot race with one of the task's own.
        var started = TimeProvider.System.GetTimestamp();
        while ((await task.GetAsync(Ada)).Status != AgentTaskStatus.Running)
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < AgentCluster.RealDeadline, "the task should start running");
        }

        var storage = agents.Primary.ServiceProvider.GetRequiredKeyedService<IGrainStorage>(AgentStorage.Name);
        var record = new GrainState<AgentTaskState>();
        await storage.ReadStateAsync("task", task.GetGrainId(), record);
        var etag = record.ETag;
        await storage.WriteStateAsync("task", task.GetGrainId(), record);
        Assert.NotEqual(etag, record.ETag);

        var done = await agents.WaitAsync(task, Ada);
        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        Assert.Equal(8, done.Output!.Value.GetProperty("steps").GetInt32());
        var stored = await agents.ReadRecordAsync(agents.Primary, task);
        Assert.Equal(AgentTaskStatus.Succeeded, stored!.Status);
        Assert.Single(agents.Storage.TaskWrites(task.GetGrainId()), w => w.Status.IsTerminal());
    }
}
