using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansAgents.Hosting;
using OrleansAgents.Streams.Tests.TestGrains;
using OrleansAgents.TestingHost;
using Xunit;

namespace OrleansAgents.Streams.Tests.Fixtures;

/// <summary>Builds test clusters with the test grains and a shared <see cref="StreamProbe"/>.</summary>
public static class StreamCluster
{
    /// <summary>A second provider whose subscribers' buffers are tiny, failing when full.</summary>
    public const string Failing = "failing";

    /// <summary>A second provider whose subscribers' buffers are tiny, waiting when full.</summary>
    public const string Waiting = "waiting";

    public static TestClusterBuilder Builder(StreamProbe probe, int silos = 3, Action<ISiloBuilder>? configure = null) =>
        new TestClusterBuilder(silos).ConfigureSilo(silo =>
        {
            silo.AddGrains(typeof(StreamCluster).Assembly);
            silo.Services.AddSingleton(probe);
            silo.Services.AddSingleton(sp => new SiloName(sp.GetRequiredService<IOptions<SiloOptions>>().Value.SiloName));
            silo.AddMemoryStreams(Failing, o =>
            {
                o.BufferCapacity = 4;
                o.BufferFullMode = StreamBufferFullMode.Fail;
            });
            silo.AddMemoryStreams(Waiting, o =>
            {
                o.BufferCapacity = 4;
                o.MaxBatchSize = 1;
            });
            configure?.Invoke(silo);
        });

    public static async Task<TestCluster> StartAsync(StreamProbe probe, int silos = 3, Action<ISiloBuilder>? configure = null)
    {
        var cluster = Builder(probe, silos, configure).Build();
        await cluster.DeployAsync();
        return cluster;
    }
}

/// <summary>One shared 3-silo cluster for the tests of a collection.</summary>
public sealed class StreamClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public StreamProbe Probe { get; } = new();

    public IStreamProvider Streams => Cluster.Client.GetStreamProvider(StreamProviderNames.Default);

    public async Task InitializeAsync() => Cluster = await StreamCluster.StartAsync(Probe);

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class StreamCollection : ICollectionFixture<StreamClusterFixture>
{
    public const string Name = "streams";
}
