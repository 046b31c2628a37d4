using System.Collections.Concurrent;
using Orleans.Runtime;
using OrleansAgents.Agents;

namespace OrleansAgents.Testing;

/// <summary>Every write that the decorated storage providers of a chaos cluster applied, in the order they landed.</summary>
public sealed class StorageHistory
{
    /// <summary>The name of the agent-task grain's persistent state (<c>[PersistentState("task", …)]</c>).</summary>
    public const string AgentTaskStateName = "task";

    private readonly ConcurrentQueue<StorageWrite> _writes = new();
    private readonly Lock _gate = new();
    private long _sequence;

    /// <summary>All applied writes, in order.</summary>
    public IReadOnlyList<StorageWrite> All => [.. _writes];

    /// <summary>The applied writes of one grain state, in order.</summary>
    public IReadOnlyList<StorageWrite> Of(GrainId grainId, string stateName) =>
        [.. _writes.Where(w => w.GrainId == grainId && w.StateName == stateName)];

    /// <summary>The states written for one grain state, in order.</summary>
    public IReadOnlyList<T> StatesOf<T>(GrainId grainId, string stateName) =>
        [.. Of(grainId, stateName).Select(w => w.State).OfType<T>()];

    /// <summary>
    /// The agent-task records written, per task id, in the order they landed (fan-out children included): what the task
    /// grains' <c>task</c> state held at each applied write, including writes their callers saw time out.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<AgentTaskSnapshot>> AgentTasks()
    {
        var tasks = new Dictionary<string, List<AgentTaskSnapshot>>(StringComparer.Ordinal);
        foreach (var write in _writes)
        {
            if (write.StateName == AgentTaskStateName && write.State is AgentTaskState { Task: { } task })
            {
                if (!tasks.TryGetValue(task.TaskId, out var list))
                {
                    tasks[task.TaskId] = list = [];
                }

                list.Add(task);
            }
        }

        return tasks.ToDictionary(t => t.Key, t => (IReadOnlyList<AgentTaskSnapshot>)t.Value, StringComparer.Ordinal);
    }

    /// <summary>Records an applied write; the caller holds the store's order (call it right after the store applied it).</summary>
    internal void Add(string provider, string stateName, GrainId grainId, object? state, bool timedOut, SiloAddress silo, DateTimeOffset at)
    {
        lock (_gate)
        {
            _writes.Enqueue(new StorageWrite(++_sequence, provider, stateName, grainId, state, timedOut, silo, at));
        }
    }
}
