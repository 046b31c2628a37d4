using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Orleans.Hosting;
using Orleans.Reminders;
using Orleans.TestingHost;
using OrleansAgents.Agents;
using Orleans.Serialization;
using Orleans.Storage;
using OrleansAgents.Hosting;
using OrleansAgents.Streams;

namespace OrleansAgents.Testing;

/// <summary>
/// Builds an <see cref="AgentTestCluster"/>: Orleans' <see cref="InProcessTestCluster"/> (silos and a client in this
/// process, in-memory transport, no ports or broker) with the agent runtime, the in-memory providers and, unless
/// <see cref="UseRealTime"/> is called, one <see cref="FakeTimeProvider"/> that every silo and the client share.
/// </summary>
/// <remarks>
/// What the fake clock drives: grain code's <see cref="TimeProvider"/> (agent timeouts, retry backoff, grain timers,
/// <c>Task.Delay(…, time)</c>), Orleans reminders (<see cref="ReminderTimeProviderNames.Reminders"/>) and call response
/// timeouts (<see cref="TimeProviderNames.Messaging"/>). Membership, the grain directory and system targets' timers
/// (stream pulling agents) stay on the real clock (<c>UseTimeProviderForBackgroundAreas</c> and a grain-timer clock that
/// tells system targets from grains), so the cluster and its streams work while the test holds time still.
/// Idle activation collection is real-time in Orleans: deactivate explicitly with
/// <see cref="InProcessTestCluster.DeactivateAsync(Orleans.Runtime.GrainId)"/>. On the fake clock
/// <see cref="AgentTaskOptions.InlineCompletionWindow"/> is zero (every task is written Pending and Running before its
/// first attempt starts, so a test sees the same writes on any machine); <see cref="ConfigureAgents"/> can set it.
/// </remarks>
public sealed class AgentTestClusterBuilder
{
    private readonly List<Action<ISiloBuilder>> _silo = [];
    private readonly List<Action<AgentTaskOptions>> _agents = [];
    private readonly List<Action<IClientBuilder>> _client = [];
    private TimeProvider _time;
    private TimeSpan? _streamPullPeriod;
    private SharedGrainStore? _sharedStore;
    private SharedReminderTable? _sharedReminders;
    private string[] _sharedProviders = [];
    private ChaosController? _chaos;
    private string[] _chaosProviders = [];

    /// <summary>Creates a builder for a cluster of <paramref name="silos"/> silos.</summary>
    public AgentTestClusterBuilder(short silos = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(silos, (short)1);
        // The fake clock starts at the real time: Orleans' stream caches stamp events with the grain clock and purge by
        // age against the real one, so a clock that started in the past would make every event look stale.
        _time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        Orleans = new InProcessTestClusterBuilder(silos);
        Orleans.Options.ConfigureFileLogging = false;
    }

    /// <summary>The Orleans builder underneath, for anything this builder does not cover.</summary>
    public InProcessTestClusterBuilder Orleans { get; }

    /// <summary>Runs <paramref name="configure"/> on every silo (register agents, storage, services).</summary>
    public AgentTestClusterBuilder ConfigureSilo(Action<ISiloBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _silo.Add(configure);
        return this;
    }

    /// <summary>Configures <see cref="AgentTaskOptions"/> on every silo.</summary>
    public AgentTestClusterBuilder ConfigureAgents(Action<AgentTaskOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _agents.Add(configure);
        return this;
    }

    /// <summary>Runs <paramref name="configure"/> on the cluster's client.</summary>
    public AgentTestClusterBuilder ConfigureClient(Action<IClientBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _client.Add(configure);
        return this;
    }

    /// <summary>Registers an agent on every silo.</summary>
    public AgentTestClusterBuilder AddAgent<TAgent>(string name, Action<AgentOptions>? configure = null)
        where TAgent : class, IAgent =>
        ConfigureSilo(silo => silo.AddAgent<TAgent>(name, configure));

    /// <summary>Runs the cluster on the real clock instead of a <see cref="FakeTimeProvider"/>.</summary>
    public AgentTestClusterBuilder UseRealTime()
    {
        _time = TimeProvider.System;
        return this;
    }

    /// <summary>Sets how often memory streams are pulled (default <see cref="AgentInMemoryProviderExtensions.DefaultStreamPullPeriod"/>).</summary>
    public AgentTestClusterBuilder UseStreamPullPeriod(TimeSpan period)
    {
        _streamPullPeriod = period;
        return this;
    }

    /// <summary>
    /// Keeps the named storage providers (default <c>Default</c> and <c>PubSubStore</c>: agent state and stream
    /// subscriptions) and the reminder table in the test process, outside every silo, in one
    /// <see cref="SharedGrainStore"/> and one <see cref="SharedReminderTable"/> (<see cref="AgentTestCluster.SharedStore"/>).
    /// Orleans' memory storage and in-memory reminder table are grains that die with their silo; with this, a killed or
    /// restarted silo loses only what it had not written yet, as against a database.
    /// </summary>
    public AgentTestClusterBuilder UseSharedStorage(params string[] providerNames)
    {
        ArgumentNullException.ThrowIfNull(providerNames);
        _sharedStore ??= new SharedGrainStore();
        _sharedReminders ??= new SharedReminderTable();
        _sharedProviders = providerNames.Length > 0 ? providerNames : ["Default", StreamProviderNames.PubSubStore];
        return this;
    }

    /// <summary>
    /// Injects seeded faults (<see cref="ChaosOptions"/>): a fault-injecting decorator around the named storage providers
    /// of every silo, a call filter for the chosen grain interfaces, and silo faults when the test asks
    /// (<see cref="AgentTestCluster.Chaos"/>). Faults are off until <see cref="ChaosController.Enabled"/> is set (unless
    /// <see cref="ChaosOptions.EnabledAtStart"/>), so the cluster deploys and the test sets up fault-free.
    /// </summary>
    public AgentTestClusterBuilder UseChaos(ChaosSeed seed, Action<ChaosOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(seed);
        var options = new ChaosOptions();
        configure?.Invoke(options);
        options.Storage.Validate();
        foreach (var rule in options.Calls)
        {
            rule.Validate();
        }

        _chaos = new ChaosController(seed, options);
        _chaosProviders = [.. options.StorageProviders];
        return this;
    }

    /// <summary>Builds the cluster (not started).</summary>
    public AgentTestCluster Build()
    {
        var time = _time;
        var fake = time as FakeTimeProvider;
        Orleans.ConfigureSiloHost((_, host) => UseClock(host.Services, time));
        Orleans.ConfigureClientHost(host => UseClock(host.Services, time));
        Orleans.ConfigureSilo((_, silo) =>
        {
            silo.AddAgentInMemoryProviders(_streamPullPeriod);
            silo.AddAgentRuntime(options =>
            {
                if (fake is not null)
                {
                    // On the fake clock every task is written before its first attempt starts, whatever the machine's
                    // speed: the inline-completion window is wall-clock time, and which side of it an agent finishes on
                    // would otherwise vary between runs. ConfigureAgents may turn it back on.
                    options.InlineCompletionWindow = TimeSpan.Zero;
                }

                foreach (var configure in _agents)
                {
                    configure(options);
                }
            });
            foreach (var configure in _silo)
            {
                configure(silo);
            }

            if (_sharedStore is { } store)
            {
                foreach (var provider in _sharedProviders)
                {
                    silo.Services.AddKeyedSingleton<IGrainStorage>(provider, (sp, _) => new SharedGrainStorage(store, sp.GetRequiredService<Serializer>()));
                }

                silo.Services.AddSingleton<IReminderTable>(_sharedReminders!);
            }

            if (_chaos is { } chaos)
            {
                ChaosRegistration.AddChaos(silo, chaos, _chaosProviders);
            }
        });
        Orleans.ConfigureClient(client =>
        {
            client.AddAgentClient();
            foreach (var configure in _client)
            {
                configure(client);
            }
        });
        var cluster = new AgentTestCluster(Orleans.Build(), fake, _chaos, _sharedStore);
        _chaos?.Attach(cluster);
        return cluster;
    }

    /// <summary>Builds and starts the cluster.</summary>
    public async Task<AgentTestCluster> DeployAsync()
    {
        var cluster = Build();
        try
        {
            await cluster.Cluster.DeployAsync().ConfigureAwait(false);
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return cluster;
    }

    private static void UseClock(IServiceCollection services, TimeProvider time)
    {
        if (ReferenceEquals(time, TimeProvider.System))
        {
            return;
        }

        // Silos and the client see the fake clock through SpinSafeClock: Orleans' due-time loops cannot spin on it.
        var clock = new SpinSafeClock(time);
        services.AddSingleton<TimeProvider>(clock);
        services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
        services.AddKeyedSingleton<TimeProvider>(TimeProviderNames.Grains, new GrainTimerClock(clock));
        services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, clock);
        services.AddKeyedSingleton<TimeProvider>(TimeProviderNames.Messaging, clock);
    }
}
