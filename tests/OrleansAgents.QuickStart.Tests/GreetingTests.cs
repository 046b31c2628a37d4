using OrleansAgents.Agents;
using OrleansAgents.Hosting;
using OrleansAgents.Testing;
using Xunit;

namespace QuickStart;

public sealed class GreetingTests
{
    [Fact]
    public async Task The_greeting_grain_greets_through_the_agent_on_a_two_silo_cluster()
    {
        await using var cluster = await new AgentTestClusterBuilder(silos: 2)
            .AddAgent<GreeterAgent>("greeter", o => o.Description = "Greets someone by name.")
            .DeployAsync();

        var greeting = await cluster.Client.GetGrain<IGreetingGrain>("ada").GreetAsync("Grace");

        Assert.Equal("Hello, Grace!", greeting);
        var task = await cluster.ClientFor("ada").GetAsync("greet-ada-Grace");
        Assert.Equal(AgentTaskStatus.Succeeded, task.Status);
        Assert.Equal(100, task.Progress.Percent);
    }
}
