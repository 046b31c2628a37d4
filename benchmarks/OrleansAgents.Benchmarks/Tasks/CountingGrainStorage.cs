using System.Collections.Concurrent;
using OrleansAgents.Runtime;

namespace OrleansAgents.Benchmarks.Tasks;

/// <summary>The in-memory grain storage, counting operations and bytes written per state name.</summary>
internal sealed class CountingGrainStorage : IGrainStorage
{
    private readonly MemoryGrainStorage _inner = new();

    public ConcurrentDictionary<string, long> Counts { get; } = new(StringComparer.Ordinal);

    public Task<GrainStateRecord?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        Count($"read {stateName}", 1);
        return _inner.ReadAsync(stateName, grainId, cancellationToken);
    }

    public Task<string> WriteAsync(string stateName, GrainId grainId, ReadOnlyMemory<byte> json, string? expectedEtag, CancellationToken cancellationToken)
    {
        Count($"write {stateName}", 1);
        Count($"write {stateName}: bytes", json.Length);
        return _inner.WriteAsync(stateName, grainId, json, expectedEtag, cancellationToken);
    }

    public Task ClearAsync(string stateName, GrainId grainId, string? expectedEtag, CancellationToken cancellationToken)
    {
        Count($"clear {stateName}", 1);
        return _inner.ClearAsync(stateName, grainId, expectedEtag, cancellationToken);
    }

    private void Count(string key, long value) => Counts.AddOrUpdate(key, static (_, v) => v, static (_, total, v) => total + v, value);
}
