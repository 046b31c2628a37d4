using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OrleansAgents.Runtime;

/// <summary>
/// A client of the silos in this process. It has its own endpoint on the in-memory network, so its calls
/// cross the same serialization boundary as calls from another process would.
/// </summary>
internal sealed class InProcessClusterClient : IClusterClient
{
    private readonly ClientViewProvider _view;
    private readonly ClientMessageCenter _messenger;

    private InProcessClusterClient(InMemoryFabric fabric, TimeProvider time, MessagingOptions options, ILoggerFactory loggers, ISimulationHooks? simulation)
    {
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

    public ValueTask DisposeAsync()
    {
        _view.Dispose();
        _messenger.Stop("the client was disposed");
        return ValueTask.CompletedTask;
    }

    private sealed class ManifestResolver(InMemoryFabric fabric) : IGrainTypeResolver
    {
        public string ResolveGrainType(Type interfaceType) => fabric.TryResolve(interfaceType, out var grainType)
            ? grainType
            : throw new GrainTypeNotRegisteredException($"No silo of this cluster hosts a grain class implementing {interfaceType.FullName} (or several do and none is named after the interface). Register it with silo.AddGrain<TGrain>() or silo.AddGrains(assembly).");
    }
}
