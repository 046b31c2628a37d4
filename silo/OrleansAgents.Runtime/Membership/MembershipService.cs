using Microsoft.Extensions.Logging;

namespace OrleansAgents.Runtime;

/// <summary>
/// A silo's part in membership: registers the silo, writes its heartbeat, probes the other active silos,
/// declares unresponsive ones dead, and keeps the cluster view every router and placement decision reads.
/// A silo that finds itself declared dead stops (it may have been partitioned away).
/// </summary>
internal sealed class MembershipService : IClusterViewProvider
{
    private readonly IMembershipTable _table;
    private readonly IMessageTransport _transport;
    private readonly TimeProvider _time;
    private readonly ClusterMembershipOptions _options;
    private readonly ILogger _logger;
    private readonly Dictionary<SiloAddress, int> _missedProbes = [];
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private IDisposable? _changeSubscription;
    private ITimer? _probeTimer;
    private MembershipEntry? _self;
    private long _version;
    private int _probing;
    private volatile bool _stopped;

    public MembershipService(IMembershipTable table, IMessageTransport transport, TimeProvider time, ClusterMembershipOptions options, ILogger<MembershipService> logger)
    {
        _table = table;
        _transport = transport;
        _time = time;
        _options = options;
        _logger = logger;
    }

    public ClusterView View { get; private set; } = ClusterView.Empty;

    public event Action<ClusterView>? ViewChanged;

    /// <summary>Raised when the table says this silo is dead while it is running.</summary>
    public event Action? DeclaredDead;

    public async Task JoinAsync(SiloAddress address, string siloName, CancellationToken cancellationToken)
    {
        await _table.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        _self = new MembershipEntry(address, siloName, SiloStatus.Active, now, now);
        if (!await _table.UpsertAsync(_self, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"Silo {address} is already marked dead in the membership table; a restarted silo needs a new generation.");
        }

        _changeSubscription = _table.OnChanged(() => _ = RefreshAsync(CancellationToken.None));
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        _probeTimer = _time.CreateTimer(static s => _ = ((MembershipService)s!).ProbeRoundAsync(), this, _options.ProbePeriod, _options.ProbePeriod);
    }

    /// <summary>Marks this silo dead (it is leaving) and stops watching the cluster.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        StopWatching();
        if (_self is not null)
        {
            await _table.UpsertAsync(_self with { Status = SiloStatus.ShuttingDown, IAmAliveTime = _time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
            await _table.DeclareDeadAsync(_self.Silo, cancellationToken).ConfigureAwait(false);
        }

        SetView([]);
    }

    /// <summary>Stops heartbeats and probes without touching the table, as a crash would.</summary>
    public void StopWatching()
    {
        _stopped = true;
        _probeTimer?.Dispose();
        _changeSubscription?.Dispose();
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (_stopped)
        {
            return;
        }

        await _refreshGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var rows = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            if (_self is not null && rows.FirstOrDefault(r => r.Silo == _self.Silo) is { Status: SiloStatus.Dead } && !_stopped)
            {
                Log.SelfDeclaredDead(_logger, _self.Silo);
                _stopped = true;
                DeclaredDead?.Invoke();
                return;
            }

            SetView([.. rows.Where(r => r.Status == SiloStatus.Active).Select(r => r.Silo)]);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.MembershipRefreshFailed(_logger, exception);
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    public async Task ReportUnreachableAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        if (_stopped || silo == _self?.Silo || !View.Contains(silo))
        {
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!await _transport.PingAsync(silo, cancellationToken).ConfigureAwait(false))
        {
            await DeclareDeadAsync(silo, "it refused a connection and a probe", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs a probe round now instead of at the next period.</summary>
    public Task ProbeNowAsync() => ProbeRoundAsync();

    private async Task ProbeRoundAsync()
    {
        if (_stopped || _self is null || Interlocked.Exchange(ref _probing, 1) == 1)
        {
            return;
        }

        try
        {
            await _table.UpdateIAmAliveAsync(_self.Silo, _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            await RefreshAsync(CancellationToken.None).ConfigureAwait(false);
            foreach (var silo in View.ActiveSilos.Where(s => s != _self.Silo))
            {
                await ProbeAsync(silo).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            Log.MembershipRefreshFailed(_logger, exception);
        }
        finally
        {
            Volatile.Write(ref _probing, 0);
        }
    }

    private async Task ProbeAsync(SiloAddress silo)
    {
        bool answered;
        using (var timeout = new CancellationTokenSource(_options.ProbeTimeout, _time))
        {
            try
            {
                answered = await _transport.PingAsync(silo, timeout.Token).ConfigureAwait(false);
                if (!answered)
                {
                    await DeclareDeadAsync(silo, "its endpoint refused a probe", CancellationToken.None).ConfigureAwait(false);
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                answered = false;
            }
        }

        int missed;
        lock (_missedProbes)
        {
            missed = answered ? 0 : _missedProbes.GetValueOrDefault(silo) + 1;
            _missedProbes[silo] = missed;
        }

        if (missed >= _options.MissedProbesLimit)
        {
            await DeclareDeadAsync(silo, $"{missed} probes in a row went unanswered", CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task DeclareDeadAsync(SiloAddress silo, string reason, CancellationToken cancellationToken)
    {
        if (await _table.DeclareDeadAsync(silo, cancellationToken).ConfigureAwait(false))
        {
            Log.DeclaredDead(_logger, silo, reason);
        }

        lock (_missedProbes)
        {
            _missedProbes.Remove(silo);
        }

        await RefreshAsync(cancellationToken).ConfigureAwait(false);
    }

    private void SetView(SiloAddress[] active)
    {
        var view = new ClusterView(Interlocked.Increment(ref _version), active);
        if (view.SameMembersAs(View))
        {
            return;
        }

        View = view;
        Log.ViewChanged(_logger, view);
        ViewChanged?.Invoke(view);
    }
}
