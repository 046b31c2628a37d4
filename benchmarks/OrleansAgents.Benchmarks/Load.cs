using System.Diagnostics;
using System.Globalization;

namespace OrleansAgents.Benchmarks;

/// <summary>What a closed-loop load run did.</summary>
internal sealed record LoadResult(long Operations, double Seconds, double[] LatenciesMs, long AllocatedBytes, TimeSpan Cpu = default, int[]? Collections = null, int Threads = 0)
{
    public double PerSecond => Operations / Seconds;

    /// <summary>This process's CPU time (all threads, user + kernel) per operation, in microseconds.</summary>
    public double CpuMicrosPerOperation => Operations == 0 ? 0 : Cpu.TotalMicroseconds / Operations;

    /// <summary>Several runs of the same operation as one: their operations, time, latencies, bytes and CPU added up.</summary>
    public static LoadResult Sum(IReadOnlyList<LoadResult> runs) => new(
        runs.Sum(r => r.Operations),
        runs.Sum(r => r.Seconds),
        [.. runs.SelectMany(r => r.LatenciesMs)],
        runs.Sum(r => r.AllocatedBytes),
        TimeSpan.FromTicks(runs.Sum(r => r.Cpu.Ticks)),
        [.. Enumerable.Range(0, 3).Select(g => runs.Sum(r => r.Collections?[g] ?? 0))]);

    /// <summary>Garbage collections during the run, by generation (a gen1 is counted once, not as a gen0 too).</summary>
    public string Gcs => Collections is { } c ? $"GCs gen0/1/2 {c[0]}/{c[1]}/{c[2]}" : "";

    public double BytesPerOperation => Operations == 0 ? 0 : (double)AllocatedBytes / Operations;

    public double Percentile(double p) => Load.Percentile(LatenciesMs, p);
}

/// <summary>Runs <c>workers</c> loops of one awaited operation each, back to back, for a fixed time.</summary>
internal static class Load
{
    private static long _next;

    /// <summary>A process-wide unique number (grain keys, task ids).</summary>
    public static long Next() => Interlocked.Increment(ref _next);

    public static async Task<LoadResult> RunAsync(int workers, TimeSpan duration, Func<int, Task> operation, bool latencies = false)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var counts = new long[workers];
        var times = new List<double>[workers];
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var collectionsBefore = Enumerable.Range(0, 3).Select(GC.CollectionCount).ToArray();
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var mine = latencies ? new List<double>(4096) : null;
            long n = 0;
            while (Stopwatch.GetTimestamp() < until)
            {
                var t0 = Stopwatch.GetTimestamp();
                await operation(w).ConfigureAwait(false);
                mine?.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                n++;
            }

            counts[w] = n;
            times[w] = mine ?? [];
        }))).ConfigureAwait(false);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var collections = Enumerable.Range(0, 3).Select(g => GC.CollectionCount(g) - collectionsBefore[g]).ToArray();
        // CollectionCount(n) counts every collection of generation n or older: keep each collection in its own generation.
        collections[0] -= collections[1];
        collections[1] -= collections[2];
        return new LoadResult(counts.Sum(), seconds, [.. times.SelectMany(t => t)], allocated, cpu, collections, ThreadPool.ThreadCount);
    }

    public static double Percentile(double[] values, double p)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}

/// <summary>One line per figure: the figure, its same-run baseline and their ratio.</summary>
internal static class Report
{
    public static string N(double value) => value.ToString(value >= 100 ? "N0" : "N2", CultureInfo.InvariantCulture);

    public static string Ms(double value) => value.ToString("0.000", CultureInfo.InvariantCulture) + " ms";

    public static void Figure(string name, string value, string? baseline = null, double? ratio = null, string? target = null)
    {
        var line = $"{name,-58} {value,22}";
        if (baseline is not null)
        {
            line += $"  | baseline {baseline}";
        }

        if (ratio is { } r)
        {
            line += $"  | ratio {r.ToString("0.000", CultureInfo.InvariantCulture)}x";
        }

        if (target is not null)
        {
            line += $"  | {target}";
        }

        Console.WriteLine(line);
    }

    public static void Section(string title)
    {
        Console.WriteLine();
        Console.WriteLine($"== {title} (load average {LoadAverage()})");
    }

    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
