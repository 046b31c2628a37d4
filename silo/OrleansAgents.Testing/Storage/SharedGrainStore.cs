using System.Collections.Concurrent;
using System.Globalization;
using Orleans.Serialization;
using Orleans.Storage;

namespace OrleansAgents.Testing;

/// <summary>
/// A test cluster's database: grain state kept in the test process, outside every silo (Orleans' memory storage keeps
/// state in grains, which die with their silo), serialized with Orleans' serializer and guarded by ETags like a real
/// store. <see cref="AgentTestClusterBuilder.UseSharedStorage"/> puts named storage providers on it, so a killed or
/// restarted silo loses nothing that was written.
/// </summary>
public sealed class SharedGrainStore
{
    private readonly ConcurrentDictionary<(string StateName, GrainId GrainId), (byte[] State, string ETag)> _records = new();
    private readonly Lock _gate = new();
    private long _nextETag;

    /// <summary>Reads a record into <paramref name="grainState"/> (a fresh <typeparamref name="T"/> when there is none).</summary>
    public void Read<T>(Serializer serializer, string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_records.TryGetValue((stateName, grainId), out var record))
        {
            grainState.State = serializer.Deserialize<T>(record.State);
            grainState.ETag = record.ETag;
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
    }

    /// <summary>Writes <paramref name="grainState"/> if its ETag is the stored one and gives it the new ETag.</summary>
    /// <exception cref="InconsistentStateException">The stored ETag is another one.</exception>
    public void Write<T>(Serializer serializer, string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var bytes = serializer.SerializeToArray(grainState.State);
        lock (_gate)
        {
            var stored = _records.TryGetValue((stateName, grainId), out var record) ? record.ETag : null;
            if (stored != grainState.ETag)
            {
                throw new InconsistentStateException($"ETag mismatch writing {stateName} of {grainId}", stored, grainState.ETag);
            }

            var etag = Interlocked.Increment(ref _nextETag).ToString(CultureInfo.InvariantCulture);
            _records[(stateName, grainId)] = (bytes, etag);
            grainState.ETag = etag;
            grainState.RecordExists = true;
        }
    }

    /// <summary>Deletes a record if <paramref name="grainState"/>'s ETag is the stored one.</summary>
    /// <exception cref="InconsistentStateException">The stored ETag is another one.</exception>
    public void Clear<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        lock (_gate)
        {
            var stored = _records.TryGetValue((stateName, grainId), out var record) ? record.ETag : null;
            if (stored is not null && stored != grainState.ETag)
            {
                throw new InconsistentStateException($"ETag mismatch clearing {stateName} of {grainId}", stored, grainState.ETag);
            }

            _records.TryRemove((stateName, grainId), out _);
            grainState.ETag = null;
            grainState.RecordExists = false;
            grainState.State = Activator.CreateInstance<T>();
        }
    }
}
