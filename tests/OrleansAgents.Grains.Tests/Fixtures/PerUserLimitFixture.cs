using Xunit;

namespace OrleansAgents.Grains.Tests.Fixtures;

/// <summary>A 2-silo cluster where each user may run one task at a time.</summary>
public sealed class PerUserLimitFixture : IAsyncLifetime
{
    public AgentCluster Agents { get; private set; } = null!;

    public async Task InitializeAsync() => Agents = await AgentCluster.StartAsync(2, o => o.MaxConcurrentTasksPerUser = 1);

    public async Task DisposeAsync() => await Agents.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class PerUserLimitCollection : ICollectionFixture<PerUserLimitFixture>
{
    public const string Name = "per-user limit";
}
