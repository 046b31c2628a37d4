using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace OrleansAgents.Benchmarks.Calls;

/// <summary>
/// A short job that finishes in a few minutes on two cores: one process per case, 3 warm-up and 15 measured
/// iterations. Memory and threading diagnosers report allocations, thread-pool work items and lock
/// contentions per call.
/// </summary>
internal sealed class CallBenchmarkConfig : ManualConfig
{
    public CallBenchmarkConfig()
    {
        Add(DefaultConfig.Instance);
        AddJob(Job.Default
            .WithId("Short")
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(15));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median, StatisticColumn.P95);
        WithOptions(ConfigOptions.JoinSummary);
    }
}
