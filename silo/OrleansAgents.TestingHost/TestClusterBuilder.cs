using OrleansAgents.Hosting;

namespace OrleansAgents.TestingHost;

/// <summary>Builds a <see cref="TestCluster"/>: N silos and a client in this process, on in-memory providers.</summary>
public sealed class TestClusterBuilder
{
    private readonly List<Action<ISiloBuilder>> _siloConfigurators = [];
    private readonly List<Action<MessagingOptions>> _clientConfigurators = [];

    /// <summary>Creates a builder for a cluster of <paramref name="initialSilosCount"/> silos.</summary>
    public TestClusterBuilder(int initialSilosCount = 2)
    {
        Options.InitialSilosCount = initialSilosCount;
    }

    /// <summary>The cluster's options.</summary>
    public TestClusterOptions Options { get; } = new();

    /// <summary>Adds a configurator type, created once per silo.</summary>
    public TestClusterBuilder AddSiloBuilderConfigurator<TConfigurator>()
        where TConfigurator : ISiloConfigurator, new()
    {
        _siloConfigurators.Add(silo => new TConfigurator().Configure(silo));
        return this;
    }

    /// <summary>Adds a callback run for every silo (also for silos started later).</summary>
    public TestClusterBuilder ConfigureSilo(Action<ISiloBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _siloConfigurators.Add(configure);
        return this;
    }

    /// <summary>Adds a callback that sets the client's messaging options.</summary>
    public TestClusterBuilder ConfigureClient(Action<MessagingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _clientConfigurators.Add(configure);
        return this;
    }

    /// <summary>Uses <paramref name="timeProvider"/> as every silo's and the client's clock.</summary>
    public TestClusterBuilder UseTimeProvider(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        Options.TimeProvider = timeProvider;
        return this;
    }

    /// <summary>Creates the cluster; call <see cref="TestCluster.DeployAsync"/> to start it.</summary>
    public TestCluster Build()
    {
        if (Options.InitialSilosCount < 1)
        {
            throw new InvalidOperationException($"{nameof(TestClusterOptions)}.{nameof(TestClusterOptions.InitialSilosCount)} must be at least 1.");
        }

        foreach (var configure in _clientConfigurators)
        {
            configure(Options.ClientMessaging);
        }

        return new TestCluster(Options, [.. _siloConfigurators]);
    }
}
