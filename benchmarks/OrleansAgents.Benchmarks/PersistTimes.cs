using System.Collections.Concurrent;
using System.Reflection;
using Orleans.Storage;
using OrleansAgents.Agents;

namespace OrleansAgents.Benchmarks;

/// <summary>
/// Passes every call to the storage it wraps and notes when each agent-task write completed, by task id and the
/// sequence of the last event it stored: the moment a transition was persisted, which the SSE figure measures from.
/// (An event's own time, <see cref="AgentTaskEvent.At"/>, is when the grain made the transition, before its write.)
/// </summary>
internal sealed class PersistTimes(IGrainStorage inner) : IGrainStorage
{
    public const string Name = "timed";

    private static readonly ConcurrentDictionary<(string TaskId, long Sequence), DateTimeOffset> Persisted = new();
    private static readonly ConcurrentDictionary<Type, PropertyInfo?> TaskProperty = new();

    /// <summary>
    /// Only tasks whose id starts with this are noted (<c>null</c>: none), so the notes of the throughput runs' hundreds
    /// of thousands of tasks do not sit in the heap, and in every collection, while the SSE figure is measured.
    /// </summary>
    public static string? TrackedPrefix { get; set; }

    /// <summary>When the write that stored event <paramref name="sequence"/> of <paramref name="taskId"/> completed, if it was seen.</summary>
    public static DateTimeOffset? Of(string taskId, long sequence) =>
        Persisted.TryGetValue((taskId, sequence), out var at) ? at : null;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await inner.WriteStateAsync(stateName, grainId, grainState).ConfigureAwait(false);
        if (grainState.State is { } state
            && TaskProperty.GetOrAdd(state.GetType(), static type => type.GetProperty("Task", typeof(AgentTaskSnapshot))) is { } property
            && property.GetValue(state) is AgentTaskSnapshot task
            && TrackedPrefix is { } prefix
            && task.TaskId.StartsWith(prefix, StringComparison.Ordinal))
        {
            Persisted[(task.TaskId, task.Sequence)] = DateTimeOffset.UtcNow;
        }
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}
