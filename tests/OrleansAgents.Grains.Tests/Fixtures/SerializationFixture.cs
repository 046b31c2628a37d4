using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using OrleansAgents.Hosting;
using OrleansAgents.Testing;
using Xunit;

namespace OrleansAgents.Grains.Tests.Fixtures;

/// <summary>A 2-silo cluster of the sample agents, for tests of what crosses the wire and what storage keeps.</summary>
public sealed class SerializationFixture : IAsyncLifetime
{
    public AgentTestCluster Cluster { get; private set; } = null!;

    /// <summary>The primary silo's Orleans serializer: the one its grain storage writes state with.</summary>
    public Serializer Serializer => Cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<Serializer>();

    public async Task InitializeAsync() => Cluster = await new AgentTestClusterBuilder(2).ConfigureSilo(s => s.AddSampleAgents()).DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
