using OrleansAgents;
using OrleansAgents.Hosting;
using OrleansAgents.TestingHost;
using Xunit;

namespace QuickStart;

public interface IHelloGrain : IGrainWithStringKey
{
    Task<string> SayHelloAsync(string greeting);
}

public sealed class HelloGrain : Grain, IHelloGrain
{
    public Task<string> SayHelloAsync(string greeting) => Task.FromResult($"{greeting}, {GrainKey}!");
}

public sealed class HelloGrainTests
{
    [Fact]
    public async Task A_grain_answers_through_a_two_silo_test_cluster()
    {
        await using var cluster = new TestClusterBuilder(2).ConfigureSilo(silo => silo.AddGrain<HelloGrain>()).Build();
        await cluster.DeployAsync();
        Assert.Equal("Hello, Ada!", await cluster.Client.GetGrain<IHelloGrain>("Ada").SayHelloAsync("Hello"));
    }
}
