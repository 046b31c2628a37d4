namespace OrleansAgents.Runtime;

/// <summary>A membership table shared by the silos of one process (the embedded default and TestCluster's).</summary>
internal sealed class InMemoryMembershipTable : IMembershipTable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<SiloAddress, MembershipEntry> _rows = [];
    private readonly List<Action> _subscribers = [];

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<MembershipEntry>> ReadAllAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<MembershipEntry>>([.. _rows.Values]);
        }
    }

    public Task<bool> UpsertAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_rows.TryGetValue(entry.Silo, out var existing) && existing.Status == SiloStatus.Dead)
            {
                return Task.FromResult(false);
            }

            _rows[entry.Silo] = entry;
        }

        Notify();
        return Task.FromResult(true);
    }

    public Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset time, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_rows.TryGetValue(silo, out var existing))
            {
                _rows[silo] = existing with { IAmAliveTime = time };
            }
        }

        return Task.CompletedTask;
    }

    public Task<bool> DeclareDeadAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_rows.TryGetValue(silo, out var existing) || existing.Status == SiloStatus.Dead)
            {
                return Task.FromResult(false);
            }

            _rows[silo] = existing with { Status = SiloStatus.Dead };
        }

        Notify();
        return Task.FromResult(true);
    }

    public IDisposable OnChanged(Action callback)
    {
        lock (_lock)
        {
            _subscribers.Add(callback);
        }

        return new Subscription(this, callback);
    }

    private void Notify()
    {
        Action[] subscribers;
        lock (_lock)
        {
            subscribers = [.. _subscribers];
        }

        foreach (var subscriber in subscribers)
        {
            subscriber();
        }
    }

    private sealed class Subscription(InMemoryMembershipTable table, Action callback) : IDisposable
    {
        public void Dispose()
        {
            lock (table._lock)
            {
                table._subscribers.Remove(callback);
            }
        }
    }
}
