using System.Collections.Concurrent;
using System.Globalization;
using Orleans.Runtime;

namespace OrleansAgents.Testing;

/// <summary>
/// A test cluster's reminder table, kept in the test process outside every silo: Orleans' in-memory reminder table is a
/// grain, and its rows would die with a killed silo that happened to host it (see
/// <see cref="AgentTestClusterBuilder.UseSharedStorage"/>).
/// </summary>
public sealed class SharedReminderTable : IReminderTable
{
    private readonly ConcurrentDictionary<(GrainId GrainId, string Name), ReminderEntry> _rows = new();
    private readonly Lock _gate = new();
    private long _nextETag;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public Task Init() => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken) =>
        Task.FromResult(new ReminderTableData(_rows.Values.Where(r => r.GrainId == grainId).Select(Copy).ToArray()));

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken) =>
        Task.FromResult(new ReminderTableData(_rows.Values.Where(r => InRange(r.GrainId.GetUniformHashCode(), begin, end)).Select(Copy).ToArray()));

    /// <inheritdoc />
    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ReadRow(grainId, reminderName, CancellationToken.None);

    /// <inheritdoc />
    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken) =>
        Task.FromResult<ReminderEntry?>(_rows.TryGetValue((grainId, reminderName), out var row) ? Copy(row) : null);

    /// <inheritdoc />
    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    /// <inheritdoc />
    public Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var copy = Copy(entry);
            copy.ETag = Interlocked.Increment(ref _nextETag).ToString(CultureInfo.InvariantCulture);
            _rows[(entry.GrainId, entry.ReminderName)] = copy;
            return Task.FromResult<string?>(copy.ETag);
        }
    }

    /// <inheritdoc />
    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    /// <inheritdoc />
    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_rows.TryGetValue((grainId, reminderName), out var row) && row.ETag == eTag && _rows.TryRemove((grainId, reminderName), out _));
        }
    }

    /// <inheritdoc />
    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    /// <inheritdoc />
    public Task TestOnlyClearTable(CancellationToken cancellationToken)
    {
        _rows.Clear();
        return Task.CompletedTask;
    }

    private static bool InRange(uint hash, uint begin, uint end) =>
        begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    private static ReminderEntry Copy(ReminderEntry row) => new()
    {
        GrainId = row.GrainId,
        ReminderName = row.ReminderName,
        StartAt = row.StartAt,
        Period = row.Period,
        ETag = row.ETag,
    };
}
