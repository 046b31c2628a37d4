using OrleansAgents.Runtime;

namespace OrleansAgents.Grains.Tests.Fixtures;

/// <summary>
/// One silo's agent storage: the cluster's memory storage behind a database-like write latency (so a grain that
/// publishes state before its write completes can be caught), recording every accepted write in a
/// <see cref="StorageLog"/>. <see cref="Fence"/> stands for the silo's process dying: a killed silo's code still
/// runs in the test process, but a dead process neither writes nor answers, so its storage calls never return.
/// </summary>
public sealed class RecordingGrainStorage(IGrainStorage inner, StorageLog log, TimeSpan writeLatency, TimeProvider time) : IGrainStorage
{
    private volatile bool _fenced;

    /// <summary>Makes every later call hang, as for a process that no longer exists.</summary>
    public void Fence() => _fenced = true;

    /// <inheritdoc />
    public async Task<GrainStateRecord?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        await HangIfFencedAsync(cancellationToken);
        return await inner.ReadAsync(stateName, grainId, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<string> WriteAsync(string stateName, GrainId grainId, ReadOnlyMemory<byte> json, string? expectedEtag, CancellationToken cancellationToken)
    {
        await HangIfFencedAsync(cancellationToken);
        await Task.Delay(writeLatency, time, cancellationToken);
        await HangIfFencedAsync(cancellationToken);
        var etag = await inner.WriteAsync(stateName, grainId, json, expectedEtag, cancellationToken);
        log.Add(stateName, grainId, json);
        return etag;
    }

    /// <inheritdoc />
    public async Task ClearAsync(string stateName, GrainId grainId, string? expectedEtag, CancellationToken cancellationToken)
    {
        await HangIfFencedAsync(cancellationToken);
        await inner.ClearAsync(stateName, grainId, expectedEtag, cancellationToken);
    }

    private Task HangIfFencedAsync(CancellationToken cancellationToken) =>
        _fenced ? Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken) : Task.CompletedTask;
}
