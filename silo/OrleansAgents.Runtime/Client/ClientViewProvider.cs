namespace OrleansAgents.Runtime;

/// <summary>A client's read-only view of membership: it follows the table but never writes to it.</summary>
internal sealed class ClientViewProvider : IClusterViewProvider, IDisposable
{
    private readonly IMembershipTable _table;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly IDisposable _subscription;
    private readonly ITimer _poll;
    private long _version;

    public ClientViewProvider(IMembershipTable table, TimeProvider time, TimeSpan pollPeriod)
    {
        _table = table;
        _subscription = table.OnChanged(() => _ = RefreshAsync(CancellationToken.None));
        _poll = time.CreateTimer(static s => _ = ((ClientViewProvider)s!).RefreshAsync(CancellationToken.None), this, pollPeriod, pollPeriod);
    }

    public ClusterView View { get; private set; } = ClusterView.Empty;

    public event Action<ClusterView>? ViewChanged;

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var rows = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            var view = new ClusterView(Interlocked.Increment(ref _version), [.. rows.Where(r => r.Status == SiloStatus.Active).Select(r => r.Silo)]);
            if (!view.SameMembersAs(View))
            {
                View = view;
                ViewChanged?.Invoke(view);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task ReportUnreachableAsync(SiloAddress silo, CancellationToken cancellationToken) => RefreshAsync(cancellationToken);

    public void Dispose()
    {
        _poll.Dispose();
        _subscription.Dispose();
    }
}
