using System.Diagnostics;

namespace OrleansAgents.Benchmarks.Tasks;

/// <summary>What one <see cref="TaskLoad"/> run measured.</summary>
/// <param name="Submitters">How many submit-and-wait loops ran at once.</param>
/// <param name="Elapsed">From the first submission to the last completion.</param>
/// <param name="Latencies">Each task's submit-to-complete time, in <see cref="Stopwatch"/> ticks.</param>
/// <param name="GcPause">Time the process spent paused for garbage collection during the run.</param>
/// <param name="Collections">Gen 0, 1 and 2 collections during the run.</param>
/// <param name="CpuTime">Processor time of the whole process (all threads) during the run.</param>
internal sealed record TaskLoadResult(int Submitters, TimeSpan Elapsed, long[] Latencies, TimeSpan GcPause, (int Gen0, int Gen1, int Gen2) Collections, TimeSpan CpuTime)
{
    public int Completed => Latencies.Length;

    /// <summary>Processor time per completed task, all threads, in microseconds: steadier than tasks/s on a shared machine.</summary>
    public double CpuMicrosecondsPerTask => Completed == 0 ? double.NaN : CpuTime.TotalMicroseconds / Completed;

    public double TasksPerSecond => Completed / Elapsed.TotalSeconds;

    /// <summary>The latency at <paramref name="percentile"/> (nearest rank), in milliseconds.</summary>
    public double LatencyMilliseconds(double percentile)
    {
        if (Latencies.Length == 0)
        {
            return double.NaN;
        }

        var sorted = Latencies.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)] * 1000.0 / Stopwatch.Frequency;
    }
}
