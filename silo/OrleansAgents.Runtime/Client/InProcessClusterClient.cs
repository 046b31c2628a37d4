using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansAgents.Hosting;
using OrleansAgents.Streams;

namespace OrleansAgents.Runtime;

/// <summary>
/// A client of the silos in this process. It has its own endpoint on the in-memory network, so its calls
/// cross the same serialization boundary as calls from another process would.
/// </summary>
internal sealed class InProcessClusterClient : IClusterClient
{
    private readonly ClientViewProvider _view;
    private readonly ClientMessageCenter _messenger;
    private readonly ConcurrentDictionary<string, IStreamProvider> _streamProviders = new(StringComparer.Ordinal);
    private readonly InboxStreamConsumer _streamConsumer = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ISimulationHooks? _simulation;

    private InProcessClusterClient(InMemoryFabric fabric, TimeProvider time, MessagingOptions options, ILoggerFactory loggers, ISimulationHooks? simulation)
    {
        _time = time;
        _simulation = simulation;
        _logger = loggers.CreateLogger<InProcessClusterClient>();
        _view = new ClientViewProvider(fabric.MembershipTable, time, TimeSpan.FromSeconds(1));
        _messenger = new ClientMessageCenter(
            simulation is null ? new SiloAddress($"client-{Guid.NewGuid():N}", 0) : new SiloAddress(simulation.Name, simulation.NextGeneration()),
            fabric.Network.CreateTransport(),
            _view,
            new ManifestResolver(fabric),
            time,
            options,
            loggers.CreateLogger<InProcessClusterClient>())
        {
            Simulation = simulation,
        };
    }

    public static async Task<InProcessClusterClient> ConnectAsync(
        InMemoryFabric fabric, TimeProvider time, MessagingOptions options, ILoggerFactory? loggers = null, ISimulationHooks? simulation = null)
    {
        var client = new InProcessClusterClient(fabric, time, options, loggers ?? NullLoggerFactory.Instance, simulation);
        await client._view.RefreshAsync(CancellationToken.None).ConfigureAwait(false);
        client._messenger.Start();
        return client;
    }

    public ClusterView View => _view.View;

    /// <summary>The client's pending calls (a simulation fails them when it stops).</summary>
    public ClientMessageCenter Messenger => _messenger;

    public Task RefreshViewAsync() => _view.RefreshAsync(CancellationToken.None);

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey)
        where TGrainInterface : IGrainWithStringKey => _messenger.GrainFactory.GetGrain<TGrainInterface>(primaryKey);

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey)
        where TGrainInterface : IGrainWithGuidKey => _messenger.GrainFactory.GetGrain<TGrainInterface>(primaryKey);

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey)
        where TGrainInterface : IGrainWithIntegerKey => _messenger.GrainFactory.GetGrain<TGrainInterface>(primaryKey);

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string keyExtension)
        where TGrainInterface : IGrainWithGuidCompoundKey => _messenger.GrainFactory.GetGrain<TGrainInterface>(primaryKey, keyExtension);

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string keyExtension)
        where TGrainInterface : IGrainWithIntegerCompoundKey => _messenger.GrainFactory.GetGrain<TGrainInterface>(primaryKey, keyExtension);

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable => _messenger.GrainFactory.GetGrain<TGrainInterface>(grainId);

    /// <summary>
    /// A stream provider for this client. Its subscriptions poll inbox grains and end when the client is disposed. The
    /// client does not see the silos' provider options: it uses the defaults for its side (poll wait), and the silos
    /// reject a provider name they do not have.
    /// </summary>
    public IStreamProvider GetStreamProvider(string name)
    {
        StreamKeys.ValidateProviderName(name);
        return _streamProviders.GetOrAdd(name, n => new StreamProvider(
            new StreamProviderRuntime(n, new MemoryStreamOptions(), _messenger.GrainFactory, _messenger.JsonOptions, _time, _logger, _stopping.Token, simulation: _simulation),
            _streamConsumer));
    }

    public async ValueTask DisposeAsync()
    {
        // Subscriptions first (their poll loops stop at once; unsubscribing is bounded), while the client can still call.
        await _streamConsumer.DisposeAsync().ConfigureAwait(false);
        // In a simulation the callbacks run in a step of their own, on its thread (CancelAsync runs them on the thread pool).
        await (_simulation is null ? _stopping.CancelAsync() : SimulationSteps.CancelAsync(_simulation, _stopping)).ConfigureAwait(false);
        _view.Dispose();
        _messenger.Stop("the client was disposed");
        _stopping.Dispose();
    }

    private sealed class ManifestResolver(InMemoryFabric fabric) : IGrainTypeResolver
    {
        public string ResolveGrainType(Type interfaceType) => fabric.TryResolve(interfaceType, out var grainType)
            ? grainType
            : throw new GrainTypeNotRegisteredException($"No silo of this cluster hosts a grain class implementing {interfaceType.FullName} (or several do and none is named after the interface). Register it with silo.AddGrain<TGrain>() or silo.AddGrains(assembly).");
    }
}
