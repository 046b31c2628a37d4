using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansAgents.Hosting;
using OrleansAgents.Runtime.Tests.TestGrains;
using OrleansAgents.TestingHost;
using Xunit;

namespace OrleansAgents.Runtime.Tests.Fixtures;

/// <summary>One shared 2-silo cluster for the tests of a collection (the pattern users copy).</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public LifecycleProbe Probe { get; } = new();

    public async Task InitializeAsync()
    {
        Cluster = CreateBuilder(Probe).Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>The builder every test cluster in this project starts from.</summary>
    public static TestClusterBuilder CreateBuilder(LifecycleProbe probe, int silos = 2) =>
        new TestClusterBuilder(silos).ConfigureSilo(silo =>
        {
            silo.AddGrains(typeof(ClusterFixture).Assembly);
            silo.Services.AddSingleton(probe);
            silo.Services.AddSingleton(sp => new SiloMarker(sp.GetRequiredService<IOptions<SiloOptions>>().Value.SiloName));
        });
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
