using OrleansAgents.Hosting;
using OrleansAgents.TestingHost;
using QuickStart;
using Xunit;

namespace OrleansAgents.Simulation.Tests;

public sealed class SmokeTests
{
    [Fact]
    public async Task A_grain_answers_inside_a_simulation()
    {
        var report = await TestingHost.Simulation.RunAsync(7, async sim =>
        {
            await using var cluster = new TestClusterBuilder(2).ConfigureSilo(s => s.AddGrain<HelloGrain>()).Build();
            await cluster.DeployAsync();
            Assert.Equal("Hello, Ada!", await cluster.Client.GetGrain<IHelloGrain>("Ada").SayHelloAsync("Hello"));
        });
        Assert.True(report.Steps > 10, $"{report}");
    }

    [Fact]
    public async Task A_test_method_runs_unchanged_with_UseSimulation()
    {
        await using var cluster = new TestClusterBuilder(2).ConfigureSilo(s => s.AddGrain<HelloGrain>()).UseSimulation(3).Build();
        await cluster.DeployAsync();
        Assert.Equal("Hello, Bob!", await cluster.Client.GetGrain<IHelloGrain>("Bob").SayHelloAsync("Hello"));
        Assert.NotNull(TestingHost.Simulation.Current);
    }
}
