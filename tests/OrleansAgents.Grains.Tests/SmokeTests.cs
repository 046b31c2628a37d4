using OrleansAgents.Agents;
using OrleansAgents.Hosting;
using OrleansAgents.TestingHost;
using Xunit;

namespace OrleansAgents.Grains.Tests;

public sealed class SmokeTests
{
    [Fact]
    public async Task A_two_step_pipeline_succeeds_with_the_second_steps_output()
    {
        await using var cluster = new TestClusterBuilder(2).ConfigureSilo(s => s.AddSampleAgents()).Build();
        await cluster.DeployAsync();
        var task = cluster.Client.GetGrain<IAgentTaskGrain>("pipe-1");
        var submitted = await task.SubmitAsync(AgentTaskRequest.ForRoute(["doubler", "incrementer"], 20, "ada"));
        Assert.Equal(AgentTaskStatus.Pending, submitted.Status);
        var done = await task.WaitAsync(new AgentCaller("ada"), TimeSpan.FromSeconds(10));
        Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
        Assert.Equal(41, done.Output!.Value.GetDouble());
        Assert.Equal(100, done.Progress.Percent);
        Assert.Equal(2, done.Attempts);
    }
}
