using System.Collections.Concurrent;
using System.Text.Json;
using OrleansAgents.Agents;

namespace OrleansAgents.Grains.Tests.Fixtures;

/// <summary>Every task write the cluster's agent storage accepted, in order, shared by all silos of a cluster.</summary>
public sealed class StorageLog
{
    private static readonly JsonSerializerOptions SnapshotJson = new(JsonSerializerDefaults.General);
    private readonly ConcurrentQueue<(long Sequence, GrainId GrainId, AgentTaskSnapshot Task)> _writes = new();
    private readonly ConcurrentDictionary<GrainId, int> _reads = new();
    private long _sequence;

    /// <summary>Records a read of a task record (found or not).</summary>
    public void AddRead(GrainId grainId) => _reads.AddOrUpdate(grainId, 1, static (_, n) => n + 1);

    /// <summary>How many times the task record of <paramref name="taskGrain"/> was read.</summary>
    public int TaskReads(GrainId taskGrain) => _reads.GetValueOrDefault(taskGrain);

    /// <summary>Records an accepted write (a copy of the snapshot written).</summary>
    public void Add(GrainId grainId, AgentTaskSnapshot task) =>
        _writes.Enqueue((Interlocked.Increment(ref _sequence), grainId, task));

    /// <summary>The task records written for one task grain, in the order storage accepted them.</summary>
    public IReadOnlyList<AgentTaskSnapshot> TaskWrites(GrainId taskGrain) =>
        [.. _writes.Where(w => w.GrainId == taskGrain).OrderBy(w => w.Sequence).Select(w => w.Task)];

    /// <summary>Serializes a snapshot the way it is compared: every field, as JSON.</summary>
    public static string Canonical(AgentTaskSnapshot snapshot) => JsonSerializer.Serialize(snapshot, SnapshotJson);
}
