using System.Globalization;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using OrleansAgents.Benchmarks.Reporting;

namespace OrleansAgents.Benchmarks.Calls;

/// <summary>Runs <see cref="CallBenchmarks"/> and checks the call targets against the channel baseline of the same run.</summary>
internal static class CallsRunner
{
    /// <summary>With 16 callers, grain-call throughput must be at least this fraction of the channel's.</summary>
    public const double MinThroughputRatio = 0.4;

    /// <summary>With one caller, a grain call's round trip may take at most this many times the channel's.</summary>
    public const double MaxLatencyRatio = 5.0;

    public static List<TargetResult> Run(string[] benchmarkArgs)
    {
        var summary = BenchmarkRunner.Run<CallBenchmarks>(new CallBenchmarkConfig(), benchmarkArgs);
        var table = new TextTable("Callers", "Benchmark", "ns/call (mean)", "calls/s", "time vs channel", "B/call");
        foreach (var report in summary.Reports.OrderBy(Callers).ThenBy(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name))
        {
            var channel = Find(summary, nameof(CallBenchmarks.ChannelPingPong), Callers(report));
            var mean = report.ResultStatistics?.Mean;
            table.Add(
                Callers(report).ToString(CultureInfo.InvariantCulture),
                report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\''),
                Format(mean, "F0"),
                Format(1e9 / mean, "N0"),
                Format(mean / channel?.ResultStatistics?.Mean, "F2"),
                Format(report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase), "F0"));
        }

        Console.WriteLine();
        Console.WriteLine("Grain calls vs Channel<T> ping-pong (same run, per call):");
        Console.WriteLine(table);
        CallProfile.Print();
        return Check(summary);
    }

    private static List<TargetResult> Check(Summary summary)
    {
        var results = new List<TargetResult>();
        var channel16 = Find(summary, nameof(CallBenchmarks.ChannelPingPong), 16)?.ResultStatistics?.Mean;
        var grain16 = Find(summary, nameof(CallBenchmarks.LocalGrainCall), 16)?.ResultStatistics?.Mean;
        var throughputRatio = channel16 / grain16;
        results.Add(new TargetResult(
            "16 callers: grain-call throughput / channel throughput",
            $"{Format(throughputRatio, "F2")}x",
            $">= {MinThroughputRatio:F2}x",
            throughputRatio >= MinThroughputRatio));

        var channel1 = Find(summary, nameof(CallBenchmarks.ChannelPingPong), 1)?.ResultStatistics?.Mean;
        var grain1 = Find(summary, nameof(CallBenchmarks.LocalGrainCall), 1)?.ResultStatistics?.Mean;
        var latencyRatio = grain1 / channel1;
        results.Add(new TargetResult(
            "1 caller: grain-call round trip / channel round trip",
            $"{Format(latencyRatio, "F2")}x",
            $"<= {MaxLatencyRatio:F2}x",
            latencyRatio <= MaxLatencyRatio));
        return results;
    }

    private static BenchmarkReport? Find(Summary summary, string method, int callers) =>
        summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method && Callers(r) == callers);

    private static int Callers(BenchmarkReport report) => (int)report.BenchmarkCase.Parameters[nameof(CallBenchmarks.Callers)];

    private static string Format(double? value, string format) =>
        value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";
}
