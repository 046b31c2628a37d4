using System.Collections.Concurrent;
using System.Globalization;

namespace OrleansAgents.Runtime;

/// <summary>
/// Grain storage in process memory, with the same ETag rules as the durable providers. Records are kept as
/// JSON bytes, so a grain never shares an object with storage. Lost when the process exits.
/// </summary>
internal sealed class MemoryGrainStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<(string State, GrainId Grain), Entry> _records = new();
    private long _version;

    public Task<GrainStateRecord?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellationToken) =>
        Task.FromResult(_records.TryGetValue((stateName, grainId), out var entry) ? new GrainStateRecord(entry.Json, entry.ETag) : null);

    public Task<string> WriteAsync(string stateName, GrainId grainId, ReadOnlyMemory<byte> json, string? expectedEtag, CancellationToken cancellationToken)
    {
        var key = (stateName, grainId);
        var next = new Entry(json.ToArray(), NextEtag());
        if (expectedEtag is null)
        {
            if (!_records.TryAdd(key, next))
            {
                throw Conflict(stateName, grainId, expectedEtag);
            }
        }
        else if (!_records.TryGetValue(key, out var current) || current.ETag != expectedEtag || !_records.TryUpdate(key, next, current))
        {
            throw Conflict(stateName, grainId, expectedEtag);
        }

        return Task.FromResult(next.ETag);
    }

    public Task ClearAsync(string stateName, GrainId grainId, string? expectedEtag, CancellationToken cancellationToken)
    {
        var key = (stateName, grainId);
        if (!_records.TryGetValue(key, out var current))
        {
            return expectedEtag is null ? Task.CompletedTask : throw Conflict(stateName, grainId, expectedEtag);
        }

        if (current.ETag != expectedEtag || !_records.TryRemove(new KeyValuePair<(string, GrainId), Entry>(key, current)))
        {
            throw Conflict(stateName, grainId, expectedEtag);
        }

        return Task.CompletedTask;
    }

    private string NextEtag() => Interlocked.Increment(ref _version).ToString(CultureInfo.InvariantCulture);

    private InconsistentStateException Conflict(string stateName, GrainId grainId, string? expectedEtag) =>
        new(
            $"State '{stateName}' of grain {grainId} was changed by another writer (expected ETag '{expectedEtag ?? "none"}', found '{(_records.TryGetValue((stateName, grainId), out var e) ? e.ETag : "none")}'); the write was not applied.",
            _records.TryGetValue((stateName, grainId), out var stored) ? stored.ETag : null,
            expectedEtag);

    private sealed class Entry(byte[] json, string etag)
    {
        public byte[] Json { get; } = json;

        public string ETag { get; } = etag;
    }
}
