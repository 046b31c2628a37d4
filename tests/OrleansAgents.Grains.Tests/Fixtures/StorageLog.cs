using System.Collections.Concurrent;
using System.Text.Json;
using OrleansAgents.Agents;

namespace OrleansAgents.Grains.Tests.Fixtures;

/// <summary>Every write the cluster's agent storage accepted, in order, shared by all silos of a cluster.</summary>
public sealed class StorageLog
{
    private static readonly JsonSerializerOptions StateJson = new(JsonSerializerDefaults.General);
    private readonly ConcurrentQueue<StoredWrite> _writes = new();
    private long _sequence;

    /// <summary>Records an accepted write.</summary>
    public void Add(string stateName, GrainId grainId, ReadOnlyMemory<byte> json) =>
        _writes.Enqueue(new StoredWrite(Interlocked.Increment(ref _sequence), stateName, grainId, json.ToArray()));

    /// <summary>The task records written for one task grain, in the order storage accepted them.</summary>
    public IReadOnlyList<AgentTaskSnapshot> TaskWrites(GrainId taskGrain) =>
    [
        .. _writes
            .Where(w => w.StateName == "task" && w.GrainId == taskGrain)
            .OrderBy(w => w.Sequence)
            .Select(w => JsonSerializer.Deserialize<AgentTaskState>(w.Json, StateJson)!.Task!),
    ];

    /// <summary>Serializes a snapshot the way it is compared: every field, as JSON.</summary>
    public static string Canonical(AgentTaskSnapshot snapshot) => JsonSerializer.Serialize(snapshot, StateJson);
}
