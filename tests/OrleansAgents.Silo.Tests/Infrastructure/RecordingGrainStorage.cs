using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using OrleansAgents.Runtime;
using OrleansAgents.SiloHost.Demo;

namespace OrleansAgents.SiloHost.Tests.Infrastructure;

/// <summary>
/// Grain storage that keeps records in memory with the runtime's ETag rules and records every demo-job write,
/// so tests can see each persisted transition and await one without polling.
/// </summary>
internal sealed class RecordingGrainStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<(string State, GrainId Grain), GrainStateRecord> _records = new();
    private readonly Lock _lock = new();
    private readonly List<(GrainId Grain, DemoJobState State)> _writes = [];
    private readonly List<(GrainId Grain, Func<DemoJobState, bool> Predicate, TaskCompletionSource Done)> _waiters = [];
    private long _etag;

    /// <summary>Every state written for <paramref name="grain"/>, oldest first.</summary>
    public IReadOnlyList<DemoJobState> WritesOf(GrainId grain)
    {
        lock (_lock)
        {
            return [.. _writes.Where(w => w.Grain == grain).Select(w => w.State)];
        }
    }

    /// <summary>Completes when a state matching <paramref name="predicate"/> has been written for <paramref name="grain"/>.</summary>
    public async Task WaitForWriteAsync(GrainId grain, Func<DemoJobState, bool> predicate, TimeSpan timeout, string description)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_writes.Any(w => w.Grain == grain && predicate(w.State)))
            {
                return;
            }

            _waiters.Add((grain, predicate, done));
        }

        try
        {
            await done.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{grain} did not persist {description} within {timeout}. Writes: {string.Join(", ", WritesOf(grain).Select(s => $"{s.Status} {s.ProgressPercent}%"))}");
        }
    }

    public Task<GrainStateRecord?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellationToken) =>
        Task.FromResult(_records.GetValueOrDefault((stateName, grainId)));

    public Task<string> WriteAsync(string stateName, GrainId grainId, ReadOnlyMemory<byte> json, string? expectedEtag, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var current = _records.GetValueOrDefault((stateName, grainId));
            if (current?.ETag != expectedEtag)
            {
                throw new InconsistentStateException($"ETag mismatch for {grainId}.", current?.ETag, expectedEtag);
            }

            var etag = (++_etag).ToString(CultureInfo.InvariantCulture);
            _records[(stateName, grainId)] = new GrainStateRecord(json.ToArray(), etag);
            var state = JsonSerializer.Deserialize<DemoJobState>(json.Span)!;
            _writes.Add((grainId, state));
            foreach (var waiter in _waiters.Where(w => w.Grain == grainId && w.Predicate(state)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }

            return Task.FromResult(etag);
        }
    }

    public Task ClearAsync(string stateName, GrainId grainId, string? expectedEtag, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _records.TryRemove((stateName, grainId), out _);
            return Task.CompletedTask;
        }
    }
}
