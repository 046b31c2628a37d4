using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OrleansAgents.Runtime;

/// <summary>
/// The activations of one silo: creates them on first call, delivers requests to them, collects idle ones,
/// hands grains over when membership changes, and deactivates everything on shutdown.
/// </summary>
internal sealed class Catalog
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();
    private readonly GrainTypeRegistry _registry;
    private ITimer? _collector;
    private volatile bool _stopping;

    public Catalog(
        GrainTypeRegistry registry,
        IServiceProvider services,
        TimeProvider time,
        GrainCollectionOptions collectionOptions,
        ILogger<Catalog> logger)
    {
        _registry = registry;
        Services = services;
        Time = time;
        CollectionOptions = collectionOptions;
        Logger = logger;
        Simulation = services.GetService(typeof(ISimulationHooks)) as ISimulationHooks;
    }

    /// <summary>The simulation this silo runs in, or <c>null</c> (the thread pool and the system clock).</summary>
    public ISimulationHooks? Simulation { get; }

    public SiloMessageCenter Messenger { get; set; } = null!;

    public ReminderService Reminders { get; set; } = null!;

    public IServiceProvider Services { get; }

    public TimeProvider Time { get; }

    public GrainCollectionOptions CollectionOptions { get; }

    public ILogger Logger { get; }

    public int ActivationCount => _activations.Count;

    public void Start()
    {
        _collector = Time.CreateTimer(
            static state => ((Catalog)state!).CollectIdleActivations(),
            this,
            CollectionOptions.CollectionQuantum,
            CollectionOptions.CollectionQuantum);
    }

    public void Deliver(Message message)
    {
        if (_stopping)
        {
            Messenger.Reject(message);
            return;
        }

        while (true)
        {
            if (!_activations.TryGetValue(message.Target, out var activation))
            {
                // The class is looked up only when an activation has to be made, not on every call to a live one.
                if (!_registry.TryGetClass(message.Target.Type, out var grainClass))
                {
                    Messenger.Fail(message, new GrainTypeNotRegisteredException($"Grain type '{message.Target.Type}' (for {message.Method.DisplayName}) is not registered on silo {Messenger.Address}."));
                    return;
                }

                var created = new ActivationData(this, grainClass, message.Target);
                activation = _activations.GetOrAdd(message.Target, created);
                if (ReferenceEquals(activation, created))
                {
                    // Two first messages can race here; only the one whose activation was added created one.
                    Telemetry.ActivationsCreated.Add(1);
                }
            }

            if (activation.Enqueue(message))
            {
                return;
            }

            _activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(message.Target, activation));
        }
    }

    public bool TryGetActivation(GrainId grainId, out ActivationData activation) => _activations.TryGetValue(grainId, out activation!);

    /// <summary>Called by an activation when it is gone: removes it and routes what was still queued.</summary>
    public void OnDeactivated(ActivationData activation, List<object> pending)
    {
        _activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.GrainId, activation));
        foreach (var message in pending.OfType<Message>())
        {
            if (_stopping)
            {
                Messenger.Reject(message);
            }
            else
            {
                Messenger.Route(message);
            }
        }
    }

    /// <summary>Deactivates the activations of grains that another silo owns in <paramref name="view"/>.</summary>
    public void OnViewChanged(ClusterView view)
    {
        foreach (var activation in Activations())
        {
            var owner = RendezvousPlacement.GetOwner(StableHash.Of(activation.GrainId), view);
            if (owner is not null && owner != Messenger.Address)
            {
                activation.RequestDeactivation(DeactivationReason.Rebalanced);
            }
        }
    }

    /// <summary>
    /// Stops accepting requests and deactivates every activation. Waits at most the deactivation timeout, or
    /// until <paramref name="cancellationToken"/> fires; activations still busy then are dropped.
    /// </summary>
    public async Task DeactivateAllAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        _collector?.Dispose();
        var activations = Activations().ToArray();
        foreach (var activation in activations)
        {
            activation.RequestDeactivation(DeactivationReason.ShuttingDown);
        }

        try
        {
            await Task.WhenAll(activations.Select(a => a.Deactivated))
                .WaitAsync(CollectionOptions.DeactivationTimeout, Time, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            foreach (var activation in activations)
            {
                activation.Kill();
            }
        }

        _activations.Clear();
    }

    /// <summary>Drops every activation at once, as a crash would.</summary>
    public void KillAll()
    {
        _stopping = true;
        _collector?.Dispose();
        foreach (var activation in Activations())
        {
            activation.Kill();
        }

        _activations.Clear();
    }

    private void CollectIdleActivations()
    {
        var idleSince = Time.GetTimestamp() - (long)(CollectionOptions.CollectionAge.TotalSeconds * Time.TimestampFrequency);
        foreach (var activation in Activations())
        {
            if (activation.IsIdleSince(idleSince))
            {
                activation.RequestDeactivation(DeactivationReason.IdleCollected);
            }
        }
    }

    /// <summary>
    /// The live activations. A concurrent dictionary enumerates in hash order, and grain ids hash strings, whose hash
    /// codes differ per process; a simulation needs the same order in every run, so there they are sorted.
    /// </summary>
    public IEnumerable<ActivationData> Activations() => Simulation is null
        ? _activations.Values
        : _activations.Values.OrderBy(a => a.GrainId.ToString(), StringComparer.Ordinal);

    /// <summary>The live activations in no particular order (for order-insensitive checks).</summary>
    public ICollection<ActivationData> UnorderedActivations => _activations.Values;
}
