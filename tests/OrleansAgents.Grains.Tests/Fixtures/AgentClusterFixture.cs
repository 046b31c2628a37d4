using Xunit;

namespace OrleansAgents.Grains.Tests.Fixtures;

/// <summary>One shared 3-silo cluster for the scenarios that do not kill silos or change the task options.</summary>
public sealed class AgentClusterFixture : IAsyncLifetime
{
    /// <summary>The largest input this cluster accepts: 2 MiB, so a 1 MiB payload fits and a 3 MiB one does not.</summary>
    public const int MaxInputBytes = 2 * 1024 * 1024;

    public AgentCluster Agents { get; private set; } = null!;

    public async Task InitializeAsync() => Agents = await AgentCluster.StartAsync(3, o => o.MaxInputBytes = MaxInputBytes);

    public async Task DisposeAsync() => await Agents.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class AgentClusterCollection : ICollectionFixture<AgentClusterFixture>
{
    public const string Name = "agent cluster";
}
