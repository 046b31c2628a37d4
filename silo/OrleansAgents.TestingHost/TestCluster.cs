using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansAgents.Hosting;
using OrleansAgents.Runtime;

namespace OrleansAgents.TestingHost;

/// <summary>
/// A whole cluster in this process: N silos on an in-memory network with in-memory membership, storage and
/// reminders, and a client. Silos can be added, stopped, killed and restarted inside a test. Dispose it to
/// stop everything; disposal is bounded by the silos' deactivation timeout and leaves no task running.
/// </summary>
public sealed partial class TestCluster : IAsyncDisposable
{
    private static readonly TimeSpan DefaultStabilizeTimeout = TimeSpan.FromSeconds(10);
    private readonly TestClusterOptions _options;
    private readonly Action<ISiloBuilder>[] _configurators;
    private readonly InMemoryFabric _fabric = new();
    private readonly Lock _lock = new();
    private readonly List<SiloHandle> _silos = [];
    private InProcessClusterClient? _client;
    private int _nextSiloNumber;
    private bool _disposed;

    internal TestCluster(TestClusterOptions options, Action<ISiloBuilder>[] configurators)
    {
        _options = options;
        _configurators = configurators;
        AttachSimulation();
    }

    /// <summary>The cluster's client; its calls cross the serialization boundary like a remote client's.</summary>
    public IClusterClient Client => _client ?? throw new InvalidOperationException($"Call {nameof(DeployAsync)} first.");

    /// <summary>The client's grain factory.</summary>
    public IGrainFactory GrainFactory => Client;

    /// <summary>The running silos, oldest first.</summary>
    public IReadOnlyList<SiloHandle> Silos
    {
        get
        {
            lock (_lock)
            {
                return [.. _silos];
            }
        }
    }

    /// <summary>The oldest running silo.</summary>
    public SiloHandle Primary => Silos.FirstOrDefault() ?? throw new InvalidOperationException("No silo is running.");

    /// <summary>The clock of every silo and the client.</summary>
    public TimeProvider TimeProvider => _simulation?.Clock ?? _options.TimeProvider;

    /// <summary>The options the cluster was built with.</summary>
    public TestClusterOptions Options => _options;

    /// <summary>Starts the initial silos and connects the client.</summary>
    public Task DeployAsync() => InSimulation(DeployCoreAsync);

    private async Task DeployCoreAsync()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_client is not null)
        {
            throw new InvalidOperationException("The cluster is already deployed.");
        }

        await Task.WhenAll(Enumerable.Range(0, _options.InitialSilosCount).Select(_ => StartAdditionalSiloAsync())).ConfigureAwait(false);
        _client = await InProcessClusterClient.ConnectAsync(_fabric, TimeProvider, _options.ClientMessaging, null, ClientSimulation()).ConfigureAwait(false);
        await WaitForLivenessToStabilizeAsync().ConfigureAwait(false);
        StartSiloCrashes();
    }

    /// <summary>Starts one more silo and waits until every member sees it.</summary>
    public async Task<SiloHandle> StartAdditionalSiloAsync()
    {
        var name = $"silo-{Interlocked.Increment(ref _nextSiloNumber) - 1}";
        var handle = await StartSiloAsync(name).ConfigureAwait(false);
        if (_client is not null)
        {
            await WaitForLivenessToStabilizeAsync().ConfigureAwait(false);
        }

        return handle;
    }

    /// <summary>Stops a silo gracefully (its grains deactivate) and waits until the others see it gone.</summary>
    public async Task StopSiloAsync(SiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        Remove(silo);
        await StopHostAsync(silo).ConfigureAwait(false);
        await WaitForLivenessToStabilizeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Kills a silo: no deactivation, no farewell. The others find out the way they would in production — a
    /// refused call or a failed probe. Call <see cref="WaitForLivenessToStabilizeAsync"/> to wait for that.
    /// </summary>
    public Task KillSiloAsync(SiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        Remove(silo);
        silo.Silo.Kill();
        silo.Host.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Stops a silo gracefully and starts a new one with the same name (and a new generation).</summary>
    public async Task<SiloHandle> RestartSiloAsync(SiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        await StopSiloAsync(silo).ConfigureAwait(false);
        var restarted = await StartSiloAsync(silo.Name).ConfigureAwait(false);
        await WaitForLivenessToStabilizeAsync().ConfigureAwait(false);
        return restarted;
    }

    /// <summary>
    /// Waits until every running silo and the client see exactly the running silos. Probes run now rather
    /// than at their next period, so a killed silo is detected at once, even under a <see cref="ManualTimeProvider"/>.
    /// </summary>
    public async Task WaitForLivenessToStabilizeAsync(TimeSpan? timeout = null)
    {
        var harness = HarnessClock;
        var deadline = harness.GetTimestamp() + (long)((timeout ?? DefaultStabilizeTimeout).TotalSeconds * harness.TimestampFrequency);
        while (true)
        {
            var silos = Silos;
            var expected = silos.Select(s => s.Address).ToHashSet();
            foreach (var silo in silos)
            {
                await silo.Host.Services.GetRequiredService<MembershipService>().ProbeNowAsync().ConfigureAwait(false);
            }

            if (_client is not null)
            {
                await _client.RefreshViewAsync().ConfigureAwait(false);
            }

            if (silos.All(s => s.Silo.View.ActiveSilos.ToHashSet().SetEquals(expected)) &&
                (_client is null || _client.View.ActiveSilos.ToHashSet().SetEquals(expected)))
            {
                return;
            }

            if (harness.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"The cluster did not agree on its {expected.Count} running silos within {timeout ?? DefaultStabilizeTimeout}: {string.Join("; ", silos.Select(s => $"{s.Name} sees {s.Silo.View}"))}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(5), harness).ConfigureAwait(false);
        }
    }

    /// <summary>Disposes the client and stops every silo gracefully, in parallel.</summary>
    public ValueTask DisposeAsync() => new(InSimulation(DisposeCoreAsync));

    private async Task DisposeCoreAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        StopSiloCrashes();
        if (_client is not null)
        {
            await _client.DisposeAsync().ConfigureAwait(false);
        }

        var silos = Silos;
        lock (_lock)
        {
            _silos.Clear();
        }

        await Task.WhenAll(silos.Select(StopHostAsync)).ConfigureAwait(false);
        EndSimulation();
    }

    private async Task StopHostAsync(SiloHandle silo)
    {
        if (_simulation?.Failure is not null)
        {
            // A failed simulation moves time no more than it must: drop the silo rather than wait for it.
            silo.Silo.Kill();
            silo.Host.Dispose();
            return;
        }

        using var limit = new CancellationTokenSource(_options.ShutdownTimeout, HarnessClock);
        await silo.Host.StopAsync(limit.Token).ConfigureAwait(false);
        silo.Silo.Kill();
        silo.Host.Dispose();
    }

    private async Task<SiloHandle> StartSiloAsync(string name)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = name });
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.Services.AddSingleton(_fabric);
        AddClock(builder.Services, name);
        builder.Services.AddOrleansAgentsSilo(null, silo =>
        {
            silo.Configure<SiloOptions>(o =>
            {
                o.SiloName = name;
                o.ClusterId = _options.ClusterId;
            });
            silo.Configure<ClusterMembershipOptions>(o => o.ProbePeriod = TimeSpan.FromMilliseconds(200));
            silo.Configure<MessagingOptions>(o => o.SiloLeftGracePeriod = TimeSpan.FromMilliseconds(250));
            foreach (var configure in _configurators)
            {
                configure(silo);
            }
        });

        var host = builder.Build();
        await host.StartAsync().ConfigureAwait(false);
        var handle = new SiloHandle(name, host, host.Services.GetRequiredService<Silo>());
        lock (_lock)
        {
            _silos.Add(handle);
        }

        return handle;
    }

    private void Remove(SiloHandle silo)
    {
        lock (_lock)
        {
            if (!_silos.Remove(silo))
            {
                throw new InvalidOperationException($"Silo {silo} is not running in this cluster.");
            }
        }
    }
}
