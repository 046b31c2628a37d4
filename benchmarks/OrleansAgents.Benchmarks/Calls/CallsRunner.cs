using System.Globalization;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using OrleansAgents.Benchmarks.Reporting;

namespace OrleansAgents.Benchmarks.Calls;

/// <summary>
/// Runs <see cref="CallBenchmarks"/> and checks the call targets against the channel baseline of the same run.
/// Ratios are taken on medians, which other work on a shared machine moves far less than means; the means are
/// printed beside them.
/// </summary>
internal static class CallsRunner
{
    /// <summary>With 16 callers, grain-call throughput must be at least this fraction of the channel's.</summary>
    public const double MinThroughputRatio = 0.4;

    /// <summary>With one caller, a grain call's round trip may take at most this many times the channel's.</summary>
    public const double MaxLatencyRatio = 5.0;

    private static readonly string[] Order =
        [nameof(CallBenchmarks.ChannelPingPong), nameof(CallBenchmarks.LocalGrainCall), nameof(CallBenchmarks.ClientGrainCall)];

    public static List<TargetResult> Run(string[] benchmarkArgs)
    {
        var summary = BenchmarkRunner.Run<CallBenchmarks>(new CallBenchmarkConfig(), benchmarkArgs);
        var table = new TextTable(
            "Callers", "Benchmark", "ns/call median", "ns/call mean", "calls/s (median)", "time vs channel (median)", "time vs channel (mean)", "B/call");
        foreach (var report in summary.Reports.OrderBy(Callers).ThenBy(r => Array.IndexOf(Order, Method(r))))
        {
            var channel = Find(summary, nameof(CallBenchmarks.ChannelPingPong), Callers(report));
            var median = report.ResultStatistics?.Median;
            var mean = report.ResultStatistics?.Mean;
            table.Add(
                Callers(report).ToString(CultureInfo.InvariantCulture),
                report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\''),
                Format(median, "F0"),
                Format(mean, "F0"),
                Format(1e9 / median, "N0"),
                Format(median / channel?.ResultStatistics?.Median, "F2"),
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
        var channel16 = Find(summary, nameof(CallBenchmarks.ChannelPingPong), 16)?.ResultStatistics;
        var grain16 = Find(summary, nameof(CallBenchmarks.LocalGrainCall), 16)?.ResultStatistics;
        var throughputRatio = channel16?.Median / grain16?.Median;
        var channel1 = Find(summary, nameof(CallBenchmarks.ChannelPingPong), 1)?.ResultStatistics;
        var grain1 = Find(summary, nameof(CallBenchmarks.LocalGrainCall), 1)?.ResultStatistics;
        var latencyRatio = grain1?.Median / channel1?.Median;
        return
        [
            new TargetResult(
                "16 callers: grain-call throughput / channel throughput",
                $"{Format(throughputRatio, "F2")}x (means: {Format(channel16?.Mean / grain16?.Mean, "F2")}x)",
                $">= {MinThroughputRatio:F2}x",
                throughputRatio >= MinThroughputRatio),
            new TargetResult(
                "1 caller: grain-call round trip / channel round trip",
                $"{Format(latencyRatio, "F2")}x (means: {Format(grain1?.Mean / channel1?.Mean, "F2")}x)",
                $"<= {MaxLatencyRatio:F2}x",
                latencyRatio <= MaxLatencyRatio),
        ];
    }

    private static BenchmarkReport? Find(Summary summary, string method, int callers) =>
        summary.Reports.FirstOrDefault(r => Method(r) == method && Callers(r) == callers);

    private static string Method(BenchmarkReport report) => report.BenchmarkCase.Descriptor.WorkloadMethod.Name;

    private static int Callers(BenchmarkReport report) => (int)report.BenchmarkCase.Parameters[nameof(CallBenchmarks.Callers)];

    private static string Format(double? value, string format) =>
        value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";
}
