using Orleans;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace OrleansAgents.Testing;

/// <summary>
/// One silo's decorator of a named storage provider: draws each operation's faults from the chaos seed (failure, applied
/// but timed out, latency on the cluster clock), records every applied write in the <see cref="StorageHistory"/>, and
/// refuses everything once its silo was killed (fenced).
/// </summary>
internal sealed class FaultInjectingGrainStorage(
    string provider,
    IGrainStorage inner,
    ChaosController chaos,
    SiloAddress silo,
    TimeProvider time,
    DeepCopier copier) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private volatile bool _fenced;

    public SiloAddress Silo => silo;

    /// <summary>Refuses every later operation: the silo's process is dead.</summary>
    public void Fence() => _fenced = true;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var operation = await BeginAsync(stateName, grainId, StorageOperationKind.Read).ConfigureAwait(true);
        if (Draws(operation, chaos.Storage.ReadFailureRate, "read-failure"))
        {
            chaos.Counters.ReadFailed();
            throw Failure(operation, "read failed");
        }

        await inner.ReadStateAsync(stateName, grainId, grainState).ConfigureAwait(true);
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var operation = await BeginAsync(stateName, grainId, StorageOperationKind.Write).ConfigureAwait(true);
        if (Draws(operation, chaos.Storage.WriteFailureRate, "write-failure"))
        {
            chaos.Counters.WriteFailed();
            throw Failure(operation, "write failed, not applied");
        }

        var timesOut = Draws(operation, chaos.Storage.WriteTimeoutRate, "write-timeout");
        var (etag, existed) = (grainState.ETag, grainState.RecordExists);
        await inner.WriteStateAsync(stateName, grainId, grainState).ConfigureAwait(true);
        chaos.Writes.Add(provider, stateName, grainId, copier.Copy(grainState.State), timesOut, silo, time.GetUtcNow());
        if (timesOut)
        {
            // The write landed; its answer did not: the caller keeps the ETag it had, as after a real timeout.
            (grainState.ETag, grainState.RecordExists) = (etag, existed);
            chaos.Counters.WriteTimedOut();
            throw new TimeoutException($"Injected by chaos seed {chaos.Seed}: {Describe(operation)} was applied but reported as timed out.");
        }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var operation = await BeginAsync(stateName, grainId, StorageOperationKind.Clear).ConfigureAwait(true);
        if (Draws(operation, chaos.Storage.ClearFailureRate, "clear-failure"))
        {
            chaos.Counters.ClearFailed();
            throw Failure(operation, "clear failed, not applied");
        }

        await inner.ClearStateAsync(stateName, grainId, grainState).ConfigureAwait(true);
    }

    public void Participate(ISiloLifecycle lifecycle)
    {
        if (inner is ILifecycleParticipant<ISiloLifecycle> participant)
        {
            participant.Participate(lifecycle);
        }
    }

    /// <summary>Numbers the operation, refuses it when fenced, and spends its injected latency (then checks the fence again).</summary>
    private async Task<StorageOperation> BeginAsync(string stateName, GrainId grainId, StorageOperationKind kind)
    {
        ThrowIfFenced(stateName, grainId);
        var operation = new StorageOperation(provider, stateName, grainId, kind,
            chaos.NextIndex($"storage/{provider}/{stateName}/{kind}/{grainId}"));
        if (Draws(operation, chaos.Storage.LatencyRate, "latency"))
        {
            chaos.Counters.StorageDelayed();
            var latency = chaos.Storage.MaxLatency * chaos.Seed.Draw($"{Scope(operation)}/latency-length", operation.Index);
            await Task.Delay(latency, time).ConfigureAwait(true);
            ThrowIfFenced(stateName, grainId);
        }

        return operation;
    }

    private bool Draws(StorageOperation operation, double rate, string fault) =>
        rate > 0 && chaos.Enabled && (chaos.Storage.Applies?.Invoke(operation) ?? true)
        && chaos.Seed.Draw($"{Scope(operation)}/{fault}", operation.Index) < rate;

    private void ThrowIfFenced(string stateName, GrainId grainId)
    {
        if (_fenced)
        {
            chaos.Counters.Fenced();
            throw new InjectedFaultException($"Silo {silo} was killed (fenced): its storage call on {stateName} of {grainId} never reached the store.");
        }
    }

    private InjectedFaultException Failure(StorageOperation operation, string what) =>
        new($"Injected by chaos seed {chaos.Seed}: {Describe(operation)} {what}.");

    private static string Scope(StorageOperation operation) =>
        $"storage/{operation.Provider}/{operation.StateName}/{operation.Kind}/{operation.GrainId}";

    private static string Describe(StorageOperation operation) =>
        $"{operation.Kind} #{operation.Index} of '{operation.StateName}' of {operation.GrainId} on '{operation.Provider}'";
}
