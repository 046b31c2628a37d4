using System.Collections.Concurrent;
using Orleans.Storage;

namespace OrleansAgents.Benchmarks;

/// <summary>Passes every call to the storage it wraps and counts them by operation and state name.</summary>
internal sealed class CountingStorage(IGrainStorage inner) : IGrainStorage
{
    public const string Name = "counted";

    public static ConcurrentDictionary<string, long> Calls { get; } = new();

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Count("read", stateName);
        return inner.ReadStateAsync(stateName, grainId, grainState);
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Count("write", stateName);
        return inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Count("clear", stateName);
        return inner.ClearStateAsync(stateName, grainId, grainState);
    }

    /// <summary>Row writes (writes and clears) counted so far.</summary>
    public static long RowWrites => Calls.Where(c => !c.Key.StartsWith("read", StringComparison.Ordinal)).Sum(c => c.Value);

    // A user's listing pages (tasks-0 to tasks-15) are counted together, as "tasks-*".
    private static void Count(string operation, string stateName) =>
        Calls.AddOrUpdate($"{operation} {(stateName.StartsWith("tasks-", StringComparison.Ordinal) ? "tasks-*" : stateName)}", 1, static (_, n) => n + 1);
}
