using OrleansAgents.Agents;
using OrleansAgents.Hosting;
using OrleansAgents.Testing;
using Xunit;

namespace OrleansAgents.Grains.Tests;

public sealed class SmokeTests
{
    [Fact]
    public async Task A_two_step_pipeline_succeeds_with_the_second_steps_output()
    {
        await using var cluster = await new AgentTestClusterBuilder(2).ConfigureSilo(s => s.AddSampleAgents()).DeployAsync();
        var task = cluster.Client.GetGrain<IAgentTaskGrain>("pipe-1");
        var submitted = await task.SubmitAsync(AgentTaskRequest.ForRoute(["doubler", "incrementer"], 20, "ada"));
        Assert.Equal(AgentTaskStatus.Pending, submitted.Status);
        var done = await cluster.WaitForTerminalAsync("pipe-1", new AgentCaller("ada"));
        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        Assert.Equal(41, done.Output!.Value.GetDouble());
        Assert.Equal(100, done.Progress.Percent);
        Assert.Equal(2, done.Attempts);
    }
}
