using System.Collections.Concurrent;
using OrleansAgents.Runtime;

namespace OrleansAgents.Benchmarks.Tasks;

/// <summary>The in-memory reminder table, counting operations.</summary>
internal sealed class CountingReminderTable : IReminderTable
{
    private readonly InMemoryReminderTable _inner = new();

    public ConcurrentDictionary<string, long> Counts { get; } = new(StringComparer.Ordinal);

    public Task InitializeAsync(CancellationToken cancellationToken) => _inner.InitializeAsync(cancellationToken);

    public Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken)
    {
        Count("reminder read all");
        return _inner.ReadAllAsync(cancellationToken);
    }

    public Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        Count("reminder read rows");
        return _inner.ReadRowsAsync(grainId, cancellationToken);
    }

    public Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        Count("reminder read row");
        return _inner.ReadRowAsync(grainId, reminderName, cancellationToken);
    }

    public Task<string> UpsertRowAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        Count("reminder upsert");
        return _inner.UpsertRowAsync(entry, cancellationToken);
    }

    public Task<bool> RemoveRowAsync(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        Count("reminder remove");
        return _inner.RemoveRowAsync(grainId, reminderName, eTag, cancellationToken);
    }

    private void Count(string key) => Counts.AddOrUpdate(key, 1, static (_, total) => total + 1);
}
