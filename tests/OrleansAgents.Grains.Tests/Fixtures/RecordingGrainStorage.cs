using Orleans.Serialization;
using OrleansAgents.Agents;
using OrleansAgents.Testing;

namespace OrleansAgents.Grains.Tests.Fixtures;

/// <summary>
/// One silo's agent storage: the cluster's <see cref="SharedGrainStore"/> behind a small real-time write latency (so a
/// grain that publishes state before its write completes can be caught), recording a deep copy of every accepted task
/// write in a <see cref="StorageLog"/>. <see cref="Fence"/> stands for the silo's process dying: a killed silo's code
/// still runs in the test process, but a dead process neither reads nor writes, so its storage calls fail.
/// </summary>
public sealed class RecordingGrainStorage(SharedGrainStore store, StorageLog log, TimeSpan writeLatency, Serializer serializer, DeepCopier copier) : IGrainStorage
{
    /// <summary>What a fenced storage call fails with.</summary>
    public const string FencedMessage = "The silo's process is dead (fenced): its storage call never reached the database.";

    private volatile bool _fenced;

    /// <summary>Makes every later call fail, as for a process that no longer exists.</summary>
    public void Fence() => _fenced = true;

    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ThrowIfFenced();
        store.Read(serializer, stateName, grainId, grainState);
        if (stateName == "task")
        {
            log.AddRead(grainId);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ThrowIfFenced();
        if (writeLatency > TimeSpan.Zero)
        {
            // Latency injection on the real clock: the write takes a while, whatever the test does with the fake one.
            await Task.Delay(writeLatency, TimeProvider.System).ConfigureAwait(true);
        }

        ThrowIfFenced();
        store.Write(serializer, stateName, grainId, grainState);
        if (grainState.State is AgentTaskState { Task: { } task })
        {
            log.Add(grainId, copier.Copy(task));
        }
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ThrowIfFenced();
        store.Clear(stateName, grainId, grainState);
        return Task.CompletedTask;
    }

    private void ThrowIfFenced()
    {
        if (_fenced)
        {
            throw new IOException(FencedMessage);
        }
    }
}
