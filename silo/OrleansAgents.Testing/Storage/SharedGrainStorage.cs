using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace OrleansAgents.Testing;

/// <summary>One silo's storage provider over the cluster's <see cref="SharedGrainStore"/>.</summary>
internal sealed class SharedGrainStorage(SharedGrainStore store, Serializer serializer) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        store.Read(serializer, stateName, grainId, grainState);
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        store.Write(serializer, stateName, grainId, grainState);
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        store.Clear(stateName, grainId, grainState);
        return Task.CompletedTask;
    }
}
