using OrleansAgents.Hosting;

namespace OrleansAgents.TestingHost;

/// <summary>Configures each silo of a test cluster (grains, providers, services).</summary>
public interface ISiloConfigurator
{
    /// <summary>Configures one silo.</summary>
    void Configure(ISiloBuilder siloBuilder);
}
