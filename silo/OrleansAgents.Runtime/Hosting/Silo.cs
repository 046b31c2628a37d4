using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansAgents.Hosting;

namespace OrleansAgents.Runtime;

/// <summary>
/// One silo: joins the cluster, hosts activations, fires reminders, and leaves gracefully (deactivating its
/// grains, bounded by <see cref="GrainCollectionOptions.DeactivationTimeout"/>) or is killed abruptly.
/// </summary>
internal sealed class Silo
{
    private readonly SiloOptions _options;
    private readonly MembershipService _membership;
    private readonly Catalog _catalog;
    private readonly ReminderService _reminders;
    private readonly GrainTypeRegistry _registry;
    private readonly InMemoryFabric _fabric;
    private readonly IHostApplicationLifetime? _lifetime;
    private readonly SiloTermination? _termination;
    private readonly ILogger _logger;
    private const int Created = 0;
    private const int Running = 1;
    private const int Stopping = 2;
    private const int Stopped = 3;
    private const int Killed = 4;
    private int _state;

    public Silo(
        SiloOptions options,
        MembershipService membership,
        Catalog catalog,
        SiloMessageCenter messenger,
        ReminderService reminders,
        GrainTypeRegistry registry,
        InMemoryFabric fabric,
        ILogger<Silo> logger,
        SiloTermination? termination = null,
        IHostApplicationLifetime? lifetime = null)
    {
        _termination = termination;
        _options = options;
        _membership = membership;
        _catalog = catalog;
        Messenger = messenger;
        _reminders = reminders;
        _registry = registry;
        _fabric = fabric;
        _lifetime = lifetime;
        _logger = logger;
        catalog.Messenger = messenger;
        messenger.Simulation = catalog.Simulation;
        catalog.Reminders = reminders;
        reminders.Messenger = messenger;
        membership.ViewChanged += catalog.OnViewChanged;
        membership.DeclaredDead += OnDeclaredDead;
    }

    public SiloAddress Address => Messenger.Address;

    public string Name => _options.SiloName;

    public SiloMessageCenter Messenger { get; }

    public ClusterView View => _membership.View;

    public int ActivationCount => _catalog.ActivationCount;

    public bool IsRunning => Volatile.Read(ref _state) == Running;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, Running, Created) != Created)
        {
            throw new InvalidOperationException($"Silo {Address} was started before; start a new silo instead.");
        }

        _fabric.PublishManifest(_registry.InterfaceMap);
        Messenger.Start();
        _catalog.Start();
        await _membership.JoinAsync(Address, _options.SiloName, cancellationToken).ConfigureAwait(false);
        await _reminders.StartAsync(cancellationToken).ConfigureAwait(false);
        Log.SiloJoined(_logger, Address, _options.ClusterId);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, Stopping, Running) != Running)
        {
            return;
        }

        Log.SiloStopping(_logger, Address, _catalog.ActivationCount);
        await _catalog.DeactivateAllAsync(cancellationToken).ConfigureAwait(false);
        _reminders.Stop();
        try
        {
            await _membership.LeaveAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The others will find out through probes; stopping must not hang on an unreachable table.
            Log.MembershipRefreshFailed(_logger, exception);
            _membership.StopWatching();
        }

        Messenger.Stop($"silo {Address} stopped");
        Interlocked.CompareExchange(ref _state, Stopped, Stopping);
        Log.SiloStopped(_logger, Address);
    }

    /// <summary>Stops at once: no deactivation, no farewell in the membership table.</summary>
    public void Kill()
    {
        var state = Volatile.Read(ref _state);
        if (state is not (Running or Stopping) || Interlocked.CompareExchange(ref _state, Killed, state) != state)
        {
            return;
        }

        _membership.StopWatching();
        _reminders.Stop();
        Messenger.Stop($"silo {Address} was killed");
        _catalog.KillAll();
        Log.SiloKilled(_logger, Address);
    }

    private void OnDeclaredDead()
    {
        _termination?.OnDeclaredDead(Address.ToString());
        Kill();
        _lifetime?.StopApplication();
    }
}
