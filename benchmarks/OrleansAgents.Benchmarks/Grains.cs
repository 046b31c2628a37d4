using System.Collections.Concurrent;
using System.Diagnostics;
using Orleans.Storage;
using Orleans.Streams;
using OrleansAgents.Agents;
using OrleansAgents.Streams;

namespace OrleansAgents.Benchmarks;

/// <summary>Answers its argument: the target of the call figures.</summary>
[Alias("bench.IPingGrain")]
internal interface IPingGrain : IGrainWithIntegerKey
{
    [Alias("PingAsync")]
    Task<int> PingAsync(int value);
}

internal sealed class PingGrain : Grain, IPingGrain
{
    public Task<int> PingAsync(int value) => Task.FromResult(value);
}

/// <summary>Calls its own <see cref="IPingGrain"/> back to back for a while: the grain-to-grain call figure.</summary>
[Alias("bench.IDriverGrain")]
internal interface IDriverGrain : IGrainWithIntegerKey
{
    [Alias("DriveAsync")]
    Task<long> DriveAsync(long target, TimeSpan duration);
}

internal sealed class DriverGrain : Grain, IDriverGrain
{
    public async Task<long> DriveAsync(long target, TimeSpan duration)
    {
        var ping = GrainFactory.GetGrain<IPingGrain>(target);
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long calls = 0;
        while (Stopwatch.GetTimestamp() < until)
        {
            for (var i = 0; i < 32; i++)
            {
                await ping.PingAsync(i);
            }

            calls += 32;
        }

        return calls;
    }
}

/// <summary>Activated by its one call, then deactivates itself: the activation floor.</summary>
[Alias("bench.IActivateGrain")]
internal interface IActivateGrain : IGrainWithIntegerKey
{
    [Alias("ActivateAsync")]
    Task ActivateAsync();
}

internal sealed class ActivateGrain : Grain, IActivateGrain
{
    public Task ActivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

/// <summary>
/// Activated by its one call, which writes its state once (read at activation, as every <c>[PersistentState]</c>), then
/// deactivates itself: the activation floor plus Orleans' persistence of one small record, without any agent logic.
/// </summary>
[Alias("bench.IStoredGrain")]
internal interface IStoredGrain : IGrainWithIntegerKey
{
    [Alias("StoreAsync")]
    Task StoreAsync(string value);
}

internal sealed class StoredGrain([PersistentState("stored", "Default")] IPersistentState<StoredGrain.Record> state) : Grain, IStoredGrain
{
    public async Task StoreAsync(string value)
    {
        state.State.Value = value;
        await state.WriteStateAsync();
        DeactivateOnIdle();
    }

    [GenerateSerializer, Alias("bench.StoredRecord")]
    internal sealed class Record
    {
        [Id(0)]
        public string? Value { get; set; }
    }
}

/// <summary>Subscribes to the fan-out stream; every event it gets is a publish timestamp, recorded as a latency.</summary>
[Alias("bench.ISubscriberGrain")]
internal interface ISubscriberGrain : IGrainWithIntegerKey
{
    [Alias("SubscribeAsync")]
    Task SubscribeAsync(string streamNamespace, string streamKey);
}

internal sealed class SubscriberGrain : Grain, ISubscriberGrain
{
    public async Task SubscribeAsync(string streamNamespace, string streamKey)
    {
        var stream = this.GetStreamProvider(StreamProviderNames.Default).GetStream<long>(StreamId.Create(streamNamespace, streamKey));
        var handles = await stream.GetAllSubscriptionHandles();
        if (handles.Count == 0)
        {
            await stream.SubscribeAsync((stamp, _) =>
            {
                FanOutRecorder.Record(stamp);
                return Task.CompletedTask;
            });
        }
    }
}

/// <summary>Publish-to-deliver latencies of the fan-out run (one process: timestamps compare directly).</summary>
internal static class FanOutRecorder
{
    private static long[] _ticks = [];
    private static int _count;

    public static int Count => Volatile.Read(ref _count);

    public static void Reset(int capacity)
    {
        _ticks = new long[capacity];
        Volatile.Write(ref _count, 0);
    }

    public static void Record(long stamp)
    {
        var elapsed = Stopwatch.GetTimestamp() - stamp;
        var index = Interlocked.Increment(ref _count) - 1;
        var ticks = _ticks;
        if (index < ticks.Length)
        {
            ticks[index] = elapsed;
        }
    }

    public static double[] Milliseconds() =>
        [.. _ticks.AsSpan(0, Math.Min(Count, _ticks.Length)).ToArray().Select(t => t * 1000.0 / Stopwatch.Frequency)];
}

/// <summary>The no-op agent: returns its input.</summary>
internal sealed class NoopAgent : IAgent
{
    public Task<AgentResult> RunAsync(AgentContext context) => Task.FromResult(AgentResult.FromJson(context.Input));
}

/// <summary>
/// Outgoing call filter of the task silo, for profiling: counts grain calls by interface and method. (Orleans rejects
/// an outgoing filter that answers a call without invoking it, so calls cannot be dropped here.)
/// </summary>
internal sealed class BenchCallFilter : IOutgoingGrainCallFilter
{
    public static volatile bool CountCalls;
    public static readonly ConcurrentDictionary<string, long> Calls = new();

    public Task Invoke(IOutgoingGrainCallContext context)
    {
        if (CountCalls)
        {
            Calls.AddOrUpdate($"{context.InterfaceName}.{context.MethodName}", 1, static (_, n) => n + 1);
        }

        return context.Invoke();
    }
}

/// <summary>
/// The task silo's storage (<c>AgentTaskOptions.StorageName = "bench"</c>), for profiling: passes through to Orleans'
/// memory storage <c>Default</c> (a grain call per read and write) unless <see cref="InProcess"/> (a dictionary in
/// this process, no grain call); with <see cref="SkipRecovery"/> the recovery index's state (<c>inflight</c>) is neither
/// read nor written.
/// </summary>
internal sealed class BenchStorage(IGrainStorage memory) : IGrainStorage
{
    public const string Name = "bench";
    public static volatile bool InProcess;
    public static volatile bool SkipRecovery;
    private static long _etag;
    private readonly ConcurrentDictionary<(string, GrainId), (object State, string ETag)> _records = new();

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (SkipRecovery && stateName == "inflight")
        {
            return Task.CompletedTask;
        }

        if (!InProcess)
        {
            return memory.ReadStateAsync(stateName, grainId, grainState);
        }

        if (_records.TryGetValue((stateName, grainId), out var record))
        {
            grainState.State = (T)record.State;
            grainState.ETag = record.ETag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (SkipRecovery && stateName == "inflight")
        {
            return Task.CompletedTask;
        }

        if (!InProcess)
        {
            return memory.WriteStateAsync(stateName, grainId, grainState);
        }

        var etag = Interlocked.Increment(ref _etag).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _records[(stateName, grainId)] = (grainState.State!, etag);
        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (!InProcess)
        {
            return memory.ClearStateAsync(stateName, grainId, grainState);
        }

        _records.TryRemove((stateName, grainId), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }
}
