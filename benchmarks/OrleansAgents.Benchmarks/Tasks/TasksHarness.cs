using System.Globalization;
using OrleansAgents.Benchmarks.Reporting;

namespace OrleansAgents.Benchmarks.Tasks;

/// <summary>
/// Agent-task throughput and latency for a no-op agent on one silo with the in-memory providers, against the raw
/// local grain-call throughput with as many callers, measured on the same cluster just before. Each row gets a
/// fresh cluster, a warm-up of both loads, then the measured runs.
/// </summary>
internal static class TasksHarness
{
    /// <summary>The target: tasks submitted and completed per second on one silo, at the best concurrency measured.</summary>
    public const double MinTasksPerSecond = 100_000;

    /// <summary>The concurrencies measured unless <c>--submitters N</c> names one.</summary>
    public static readonly int[] DefaultSubmitters = [1, 16, 64, 256];
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan BaselineDuration = TimeSpan.FromSeconds(1);

    public static async Task<List<TargetResult>> RunAsync(TimeSpan duration, IReadOnlyList<int> submitterCounts)
    {
        var table = new TextTable(
            "Submitters", "tasks", "tasks/s", "p50 ms", "p99 ms", "baseline: grain calls/s", "tasks/s / calls/s", "calls per task time", "CPU µs/task", "GC pause", "GCs gen0/1/2");
        var best = (Tasks: 0.0, Calls: 0.0, Row: (TaskLoadResult?)null);
        foreach (var submitters in submitterCounts)
        {
            var cluster = await TaskCluster.StartAsync().ConfigureAwait(false);
            try
            {
                var grains = cluster.Primary.GrainFactory;
                await TaskLoad.GrainCallsPerSecondAsync(grains, submitters, WarmUp).ConfigureAwait(false);
                var calls = await TaskLoad.GrainCallsPerSecondAsync(grains, submitters, BaselineDuration).ConfigureAwait(false);
                await TaskLoad.RunAsync(grains, submitters, WarmUp).ConfigureAwait(false);
                var result = await TaskLoad.RunAsync(grains, submitters, duration).ConfigureAwait(false);
                table.Add(
                    submitters.ToString(CultureInfo.InvariantCulture),
                    result.Completed.ToString("N0", CultureInfo.InvariantCulture),
                    result.TasksPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                    result.LatencyMilliseconds(50).ToString("F3", CultureInfo.InvariantCulture),
                    result.LatencyMilliseconds(99).ToString("F3", CultureInfo.InvariantCulture),
                    calls.ToString("N0", CultureInfo.InvariantCulture),
                    (result.TasksPerSecond / calls).ToString("F4", CultureInfo.InvariantCulture),
                    (calls / result.TasksPerSecond).ToString("F0", CultureInfo.InvariantCulture),
                    result.CpuMicrosecondsPerTask.ToString("F1", CultureInfo.InvariantCulture),
                    $"{(result.GcPause / result.Elapsed).ToString("P0", CultureInfo.InvariantCulture)}",
                    $"{result.Collections.Gen0}/{result.Collections.Gen1}/{result.Collections.Gen2}");
                if (result.TasksPerSecond > best.Tasks)
                {
                    best = (result.TasksPerSecond, calls, result);
                }
            }
            finally
            {
                await cluster.DisposeAsync().ConfigureAwait(false);
            }
        }

        Console.WriteLine();
        Console.WriteLine($"No-op agent tasks on 1 silo, in-memory providers: submit + WaitAsync from N loops in the silo, {duration.TotalSeconds:F0} s per row after a {WarmUp.TotalSeconds:F0} s warm-up; baseline: IPingGrain calls from N loops, same cluster:");
        Console.WriteLine(table);
        var row = best.Row!;
        return
        [
            new TargetResult(
                $"no-op tasks submitted and completed per second, 1 silo (best: {row.Submitters} submitters)",
                $"{best.Tasks.ToString("N0", CultureInfo.InvariantCulture)}/s = {(best.Tasks / best.Calls).ToString("F4", CultureInfo.InvariantCulture)}x grain calls/s ({best.Calls.ToString("N0", CultureInfo.InvariantCulture)}); p50 {row.LatencyMilliseconds(50).ToString("F2", CultureInfo.InvariantCulture)} ms, p99 {row.LatencyMilliseconds(99).ToString("F2", CultureInfo.InvariantCulture)} ms",
                $">= {MinTasksPerSecond.ToString("N0", CultureInfo.InvariantCulture)}/s",
                best.Tasks >= MinTasksPerSecond),
        ];
    }
}
