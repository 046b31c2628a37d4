using OrleansAgents.TestingHost;
using Microsoft.Extensions.DependencyInjection;
using OrleansAgents.Agents;
using OrleansAgents.Agents.Samples;
using OrleansAgents.Grains.Tests.Fixtures;
using OrleansAgents.Runtime;
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
        await Eventually.MatchAsync(() => task.GetAsync(Ada), t => t.Status == AgentTaskStatus.Running, "the task to be running");

        var storage = agents.Cluster.Primary.Services.GetRequiredKeyedService<IGrainStorage>("agents");
        var record = await storage.ReadAsync("task", task.GetGrainId(), default);
        await storage.WriteAsync("task", task.GetGrainId(), record!.Json, record.ETag, default);

        var done = await task.WaitAsync(Ada, TimeSpan.FromSeconds(15));
        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        Assert.Equal(8, done.Output!.Value.GetProperty("steps").GetInt32());
        var stored = await storage.ReadAsync("task", task.GetGrainId(), default);
        Assert.Contains("\"Status\":2", System.Text.Encoding.UTF8.GetString(stored!.Json.Span));
    }
}
