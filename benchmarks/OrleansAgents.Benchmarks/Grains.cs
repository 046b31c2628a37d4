using System.Collections.Concurrent;
using System.Diagnostics;
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
/// Outgoing call filter of the task silo, for profiling: counts grain calls by interface and method, and can drop the
/// task's listing call (<c>IUserTasksGrain.TrackAsync</c>) or its recovery-index calls (<c>AddAsync</c>/<c>RemoveAsync</c>)
/// without touching the grains' code (the call then completes at once, as if it had succeeded).
/// </summary>
internal sealed class BenchCallFilter : IOutgoingGrainCallFilter
{
    public static volatile bool SkipListing;
    public static volatile bool SkipRecovery;
    public static volatile bool CountCalls;
    public static readonly ConcurrentDictionary<string, long> Calls = new();

    public Task Invoke(IOutgoingGrainCallContext context)
    {
        if (CountCalls)
        {
            Calls.AddOrUpdate($"{context.InterfaceName}.{context.MethodName}", 1, static (_, n) => n + 1);
        }

        if (SkipListing && context.InterfaceMethod?.DeclaringType == typeof(IUserTasksGrain) && context.MethodName == nameof(IUserTasksGrain.TrackAsync))
        {
            return Task.CompletedTask;
        }

        if (SkipRecovery && context.InterfaceMethod?.DeclaringType == typeof(IAgentTaskRecoveryGrain) && context.MethodName is nameof(IAgentTaskRecoveryGrain.AddAsync) or nameof(IAgentTaskRecoveryGrain.RemoveAsync))
        {
            return Task.CompletedTask;
        }

        return context.Invoke();
    }
}
