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

    /// <summary>
    /// Runs the cluster as a deterministic simulation with <paramref name="seed"/>: every silo, the client, every turn,
    /// timer, reminder, storage call and message on one thread, in a seeded order, on a virtual clock. Call
    /// <see cref="Build"/> in the test method itself: the rest of the method then runs inside the simulation.
    /// </summary>
    public TestClusterBuilder UseSimulation(int seed, SimulationFaults? faults = null) =>
        UseSimulation(o =>
        {
            o.Seed = seed;
            o.Faults = faults ?? SimulationFaults.None;
        });

    /// <summary>Runs the cluster as a deterministic simulation configured by <paramref name="configure"/> (seed from <c>ORLEANSAGENTS_SIM_SEED</c> by default).</summary>
    public TestClusterBuilder UseSimulation(Action<SimulationOptions>? configure = null)
    {
        var options = new SimulationOptions();
        configure?.Invoke(options);
        Options.Simulation = options;
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
