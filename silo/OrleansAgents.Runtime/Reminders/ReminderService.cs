using Microsoft.Extensions.Logging;

namespace OrleansAgents.Runtime;

/// <summary>
/// Fires the durable reminders of the grains this silo owns. Each silo re-reads the reminder table
/// periodically and whenever membership changes, and arms a local timer for each reminder whose grain it
/// owns; so when a silo dies, the new owners of its grains take over its reminders.
/// </summary>
internal sealed class ReminderService(
    IReminderTable table,
    IClusterViewProvider membership,
    TimeProvider time,
    ReminderOptions options,
    ILogger<ReminderService> logger)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(GrainId, string), LocalReminder> _local = [];
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private ITimer? _refreshTimer;
    private volatile bool _stopped;

    public SiloMessageCenter Messenger { get; set; } = null!;

    private TimeProvider Time => time;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await table.InitializeAsync(cancellationToken).ConfigureAwait(false);
        membership.ViewChanged += OnViewChanged;
        await RefreshAsync().ConfigureAwait(false);
        _refreshTimer = time.CreateTimer(
            static state => _ = ((ReminderService)state!).RefreshAsync(),
            this,
            options.RefreshReminderListPeriod,
            options.RefreshReminderListPeriod);
    }

    public void Stop()
    {
        _stopped = true;
        membership.ViewChanged -= OnViewChanged;
        _refreshTimer?.Dispose();
        lock (_lock)
        {
            foreach (var reminder in _local.Values)
            {
                reminder.Dispose();
            }

            _local.Clear();
        }
    }

    public async Task<IGrainReminder> RegisterOrUpdateAsync(Grain grain, string name, TimeSpan dueTime, TimeSpan period)
    {
        if (grain is not IRemindable)
        {
            throw new InvalidOperationException($"Grain {grain.GetType().FullName} registers reminder '{name}' but does not implement IRemindable.");
        }

        if (period < options.MinimumReminderPeriod)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, $"Reminder '{name}' has period {period}; the minimum is {options.MinimumReminderPeriod} ({nameof(ReminderOptions)}.{nameof(ReminderOptions.MinimumReminderPeriod)}).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
        var entry = new ReminderEntry(grain.GrainId, name, time.GetUtcNow() + dueTime, period);
        entry = entry with { ETag = await table.UpsertRowAsync(entry, CancellationToken.None).ConfigureAwait(true) };
        if (IsOwned(entry.GrainId))
        {
            Arm(entry);
        }

        return entry;
    }

    /// <summary>
    /// Removes the reminder's row. <paramref name="knownETag"/> (the handle's) is tried first, saving a read of the
    /// row; when the row has changed since, it is read and removed whatever it holds.
    /// </summary>
    public async Task UnregisterAsync(GrainId grainId, string name, string? knownETag = null)
    {
        Disarm((grainId, name));
        if (knownETag is not null && await table.RemoveRowAsync(grainId, name, knownETag, CancellationToken.None).ConfigureAwait(true))
        {
            return;
        }

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var row = await table.ReadRowAsync(grainId, name, CancellationToken.None).ConfigureAwait(true);
            if (row?.ETag is null || await table.RemoveRowAsync(grainId, name, row.ETag, CancellationToken.None).ConfigureAwait(true))
            {
                return;
            }
        }

        throw new InconsistentStateException($"Reminder '{name}' of grain {grainId} kept changing while it was being removed.");
    }

    public async Task<IGrainReminder?> GetAsync(GrainId grainId, string name) =>
        await table.ReadRowAsync(grainId, name, CancellationToken.None).ConfigureAwait(true);

    public async Task<IReadOnlyList<IGrainReminder>> GetAllAsync(GrainId grainId) =>
        await table.ReadRowsAsync(grainId, CancellationToken.None).ConfigureAwait(true);

    /// <summary>Re-reads the table and arms the reminders this silo owns now.</summary>
    public async Task RefreshAsync()
    {
        if (_stopped || !await _refreshGate.WaitAsync(0).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            var rows = await table.ReadAllAsync(CancellationToken.None).ConfigureAwait(false);
            var owned = rows.Where(r => IsOwned(r.GrainId)).ToDictionary(r => (r.GrainId, r.ReminderName));
            List<(GrainId, string)> stale;
            lock (_lock)
            {
                stale = [.. _local.Keys.Where(k => !owned.ContainsKey(k))];
            }

            foreach (var key in stale)
            {
                Disarm(key);
            }

            foreach (var entry in owned.Values)
            {
                Arm(entry);
            }
        }
        catch (Exception exception)
        {
            Log.ReminderRefreshFailed(logger, exception);
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    private void OnViewChanged(ClusterView view) => _ = RefreshAsync();

    private bool IsOwned(GrainId grainId) => RendezvousPlacement.GetOwner(StableHash.Of(grainId), membership.View) == Messenger.Address;

    private void Arm(ReminderEntry entry)
    {
        if (_stopped)
        {
            return;
        }

        var key = (entry.GrainId, entry.ReminderName);
        var now = time.GetUtcNow();
        if (NextDue(entry, now, null) - now > ArmingHorizon)
        {
            // Not due within a refresh period: a later refresh arms it in time (each one re-reads the table and
            // arms the reminders this silo owns). Most such reminders are removed long before they are due (an agent
            // task's recovery reminder lives as long as the task), and those never cost a timer.
            Disarm(key);
            return;
        }

        // Timers are created and disposed outside the lock: both take the timer queue's own lock, and holding this
        // silo-wide one across them made every reminder registration contend with every other.
        lock (_lock)
        {
            if (_local.TryGetValue(key, out var current) && current.Entry.ETag == entry.ETag)
            {
                return;
            }
        }

        var armed = new LocalReminder(this, entry);
        LocalReminder? replaced;
        lock (_lock)
        {
            if (_stopped || (_local.TryGetValue(key, out var current) && current.Entry.ETag == entry.ETag))
            {
                replaced = armed;
            }
            else
            {
                _local.Remove(key, out replaced);
                _local[key] = armed;
            }
        }

        replaced?.Dispose();
    }

    /// <summary>
    /// Reminders first due further ahead than one refresh period are left to a later refresh to arm: the next refresh
    /// comes within that period, so it still finds them ahead of their time (and one arriving late arms an overdue
    /// reminder to fire at once).
    /// </summary>
    private TimeSpan ArmingHorizon => options.RefreshReminderListPeriod;

    /// <summary>The first tick on the reminder's grid after <paramref name="after"/> (or at or after <paramref name="now"/>).</summary>
    private static DateTimeOffset NextDue(ReminderEntry entry, DateTimeOffset now, DateTimeOffset? after)
    {
        var from = after is { } last && last >= now ? last + TimeSpan.FromTicks(1) : now;
        var due = entry.StartAt;
        if (from > due)
        {
            var periods = (long)Math.Ceiling((from - entry.StartAt).Ticks / (double)entry.Period.Ticks);
            due = entry.StartAt + TimeSpan.FromTicks(periods * entry.Period.Ticks);
        }

        return due;
    }

    private void Disarm((GrainId, string) key)
    {
        LocalReminder? reminder;
        lock (_lock)
        {
            _local.Remove(key, out reminder);
        }

        reminder?.Dispose();
    }

    private async Task FireAsync(LocalReminder reminder, DateTimeOffset due)
    {
        var entry = reminder.Entry;
        try
        {
            var target = Messenger.GrainFactory.GetGrain<IRemindable>(entry.GrainId);
            await target.ReceiveReminderAsync(entry.ReminderName, new TickStatus(entry.StartAt, entry.Period, due)).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Log.ReminderFailed(logger, exception, entry.ReminderName, entry.GrainId);
        }
    }

    private sealed class LocalReminder : IDisposable
    {
        private readonly ReminderService _service;
        private readonly ITimer _timer;
        private readonly Lock _gate = new();
        private DateTimeOffset _due;
        private bool _disposed;

        public LocalReminder(ReminderService service, ReminderEntry entry)
        {
            _service = service;
            Entry = entry;
            _timer = service.Time.CreateTimer(static s => ((LocalReminder)s!).OnDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            ArmNext(null);
        }

        public ReminderEntry Entry { get; }

        /// <summary>Arms the timer for the first tick on the reminder's grid after <paramref name="after"/> (or now).</summary>
        public void ArmNext(DateTimeOffset? after)
        {
            var now = _service.Time.GetUtcNow();
            var due = NextDue(Entry, now, after);

            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                _due = due;
                _timer.Change(Max(due - now, TimeSpan.Zero), Timeout.InfiniteTimeSpan);
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                _timer.Dispose();
            }
        }

        private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

        private void OnDue()
        {
            DateTimeOffset due;
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                due = _due;
            }

            // Arm the next tick now, on the reminder's grid, so the schedule does not drift with how long the
            // grain takes to answer (or with a clock that moves while it does).
            ArmNext(due);
            _ = _service.FireAsync(this, due);
        }
    }
}
