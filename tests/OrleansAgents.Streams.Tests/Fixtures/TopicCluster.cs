using OrleansAgents.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using OrleansAgents.Hosting;
using OrleansAgents.Streams.Tests.TestGrains;

namespace OrleansAgents.Streams.Tests.Fixtures;

/// <summary>One shared 3-silo cluster with the test grains, the topic agents and a shared <see cref="TopicProbe"/>.</summary>
public sealed class TopicClusterFixture : IAsyncLifetime
{
    public AgentTestCluster Cluster { get; private set; } = null!;

    public TopicProbe Probe { get; } = new();

    public IClusterClient Client => Cluster.Client;

    public IStreamProvider Streams => Cluster.Client.GetStreamProvider(StreamProviderNames.Default);

    public async Task InitializeAsync() =>
        Cluster = await new AgentTestClusterBuilder(3)
            .UseRealTime()
            .ConfigureSilo(silo =>
            {
                silo.Services.AddSingleton(Probe);
                silo.AddAgent<TopicPublishingAgent>(TopicPublishingAgent.Name);
                silo.AddAgent<TopicListeningAgent>(TopicListeningAgent.Name);
            })
            .DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class TopicCollection : ICollectionFixture<TopicClusterFixture>
{
    public const string Name = "topics";
}
