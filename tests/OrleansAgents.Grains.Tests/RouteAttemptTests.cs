using OrleansAgents.Agents;
using OrleansAgents.Hosting;
using OrleansAgents.Testing;
using Xunit;

namespace OrleansAgents.Grains.Tests;

public sealed class RouteAttemptTests
{
    [Fact]
    public async Task A_route_longer_than_the_attempt_limit_runs_every_step_and_counts_attempts_per_step()
    {
        await using var cluster = await new AgentTestClusterBuilder(1).ConfigureSilo(s => s.AddSampleAgents()).DeployAsync();
        var task = cluster.Client.GetGrain<IAgentTaskGrain>("long-route");

        await task.SubmitAsync(AgentTaskRequest.ForRoute(["incrementer", "incrementer", "incrementer", "incrementer", "doubler"], 0, "ada"));
        var done = await cluster.WaitForTerminalAsync("long-route", new AgentCaller("ada"));

        Assert.True(done.Status == AgentTaskStatus.Succeeded, $"Ended {done.Status}: {done.Error}");
        Assert.Equal(8, done.Output!.Value.GetDouble());
        Assert.Equal(4, done.StepIndex);
        Assert.Equal(5, done.Attempts);
    }
}
