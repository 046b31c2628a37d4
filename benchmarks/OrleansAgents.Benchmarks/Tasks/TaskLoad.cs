using System.Diagnostics;
using OrleansAgents.Agents;
using OrleansAgents.Benchmarks.Grains;

namespace OrleansAgents.Benchmarks.Tasks;

/// <summary>
/// Closed-loop load from inside the silo: <c>submitters</c> tasks run at once, each submitting a task under a new
/// id and awaiting its completion (<see cref="IAgentTaskGrain.WaitAsync"/>) before submitting the next, until the
/// time is up. Throughput counts the tasks completed over the time until the last one completed.
/// </summary>
internal static class TaskLoad
{
    /// <summary>The timeout each <see cref="IAgentTaskGrain.WaitAsync"/> passes, as a real caller would (it arms a timer).</summary>
    public static readonly TimeSpan WaitTimeout = TimeSpan.FromMinutes(1);

    private static int s_run;

    /// <summary>Submits and awaits no-op tasks from <paramref name="submitters"/> loops for <paramref name="duration"/>.</summary>
    public static async Task<TaskLoadResult> RunAsync(IGrainFactory grains, int submitters, TimeSpan duration)
    {
        var run = Interlocked.Increment(ref s_run);
        var latencies = new List<long>[submitters];
        var stop = 0;
        var gcPause = GC.GetTotalPauseDuration();
        var collections = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var loops = new Task[submitters];
        for (var s = 0; s < submitters; s++)
        {
            var index = s;
            latencies[s] = new List<long>(1 << 14);
            loops[s] = Task.Run(() => SubmitLoopAsync(grains, $"r{run}-s{index}", latencies[index], () => Volatile.Read(ref stop) != 0));
        }

        await Task.Delay(duration).ConfigureAwait(false);
        Volatile.Write(ref stop, 1);
        await Task.WhenAll(loops).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return new TaskLoadResult(
            submitters,
            elapsed,
            [.. latencies.SelectMany(l => l)],
            GC.GetTotalPauseDuration() - gcPause,
            (GC.CollectionCount(0) - collections.Item1, GC.CollectionCount(1) - collections.Item2, GC.CollectionCount(2) - collections.Item3),
            Process.GetCurrentProcess().TotalProcessorTime - cpu);
    }

    /// <summary>Sequential awaited grain calls from <paramref name="callers"/> loops for <paramref name="duration"/>: the baseline.</summary>
    public static async Task<double> GrainCallsPerSecondAsync(IGrainFactory grains, int callers, TimeSpan duration)
    {
        var stop = 0;
        var counts = new long[callers];
        var started = Stopwatch.GetTimestamp();
        var loops = Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var grain = grains.GetGrain<IPingGrain>(c);
            var x = 0;
            while (Volatile.Read(ref stop) == 0)
            {
                x = await grain.PingAsync(x).ConfigureAwait(false);
            }

            counts[c] = x;
        })).ToArray();
        await Task.Delay(duration).ConfigureAwait(false);
        Volatile.Write(ref stop, 1);
        await Task.WhenAll(loops).ConfigureAwait(false);
        return counts.Sum() / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static async Task SubmitLoopAsync(IGrainFactory grains, string prefix, List<long> latencies, Func<bool> stopped)
    {
        var user = $"user-{prefix}";
        var caller = new AgentCaller(user);
        var request = AgentTaskRequest.For(NoOpAgent.Name, null, user);
        for (var i = 0; !stopped(); i++)
        {
            var task = grains.GetGrain<IAgentTaskGrain>($"{prefix}-{i}");
            var start = Stopwatch.GetTimestamp();
            await task.SubmitAsync(request).ConfigureAwait(false);
            var done = await task.WaitAsync(caller, WaitTimeout).ConfigureAwait(false);
            latencies.Add(Stopwatch.GetTimestamp() - start);
            if (done.Status != AgentTaskStatus.Succeeded)
            {
                throw new InvalidOperationException($"Task {done.TaskId} ended {done.Status}: {done.Error}");
            }
        }
    }
}
