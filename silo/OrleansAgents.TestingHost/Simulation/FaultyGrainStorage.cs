using OrleansAgents.Runtime;

namespace OrleansAgents.TestingHost;

/// <summary>
/// A simulation's storage: the cluster's memory storage behind seeded latency, failed writes (not applied) and timed-out
/// writes (applied, but the caller sees <see cref="TimeoutException"/>), recording every applied write in the
/// simulation's <see cref="StorageHistory"/>.
/// </summary>
internal sealed class FaultyGrainStorage(string provider, IGrainStorage inner, SimulationScheduler scheduler) : IGrainStorage
{
    public async Task<GrainStateRecord?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        await LatencyAsync(cancellationToken);
        return await inner.ReadAsync(stateName, grainId, cancellationToken);
    }

    public async Task<string> WriteAsync(string stateName, GrainId grainId, ReadOnlyMemory<byte> json, string? expectedEtag, CancellationToken cancellationToken)
    {
        // The buffer is the caller's until the returned task completes; copy it before waiting.
        var copy = json.ToArray();
        await LatencyAsync(cancellationToken);
        var faults = scheduler.Faults;
        if (Chance(faults.StorageWriteFailureRate))
        {
            scheduler.Counters.StorageWritesFailed++;
            scheduler.Trace.Record("storage-fail", provider, grainId.ToString(), scheduler.Now);
            throw new IOException($"Simulated storage failure writing '{stateName}' of {grainId}; the write was not applied.");
        }

        var etag = await inner.WriteAsync(stateName, grainId, copy, expectedEtag, cancellationToken);
        var timedOut = Chance(faults.StorageWriteTimeoutRate);
        scheduler.Storage.Add(provider, stateName, grainId, copy, TimeSpan.FromTicks(scheduler.Now), timedOut);
        if (timedOut)
        {
            scheduler.Counters.StorageWritesTimedOut++;
            scheduler.Trace.Record("storage-timeout", provider, grainId.ToString(), scheduler.Now);
            throw new TimeoutException($"Simulated storage timeout writing '{stateName}' of {grainId}; the write was applied.");
        }

        return etag;
    }

    public async Task ClearAsync(string stateName, GrainId grainId, string? expectedEtag, CancellationToken cancellationToken)
    {
        await LatencyAsync(cancellationToken);
        await inner.ClearAsync(stateName, grainId, expectedEtag, cancellationToken);
        scheduler.Storage.Add(provider, stateName, grainId, [], TimeSpan.FromTicks(scheduler.Now), false);
    }

    private bool Chance(double rate) => rate > 0 && scheduler.Random.NextDouble() < rate;

    private Task LatencyAsync(CancellationToken cancellationToken)
    {
        var max = scheduler.Faults.MaxStorageLatency;
        return max > TimeSpan.Zero
            ? Task.Delay(TimeSpan.FromTicks(scheduler.Random.NextInt64(0, max.Ticks + 1)), scheduler.Clock, cancellationToken)
            : Task.CompletedTask;
    }
}
