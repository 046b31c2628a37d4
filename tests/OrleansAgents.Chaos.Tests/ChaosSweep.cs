using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace OrleansAgents.Chaos.Tests;

/// <summary>
/// Runs a workload once per seed (<see cref="ChaosSeed.SweepSeeds"/>: a fixed list, <c>OA_CHAOS_SEEDS=n</c> for more,
/// <c>OA_CHAOS_SEED=n</c> for one). Prints the seed list and one line per seed; a failure names every failing seed and
/// the command that re-runs each.
/// </summary>
public static class ChaosSweep
{
    public const string Project = "tests/OrleansAgents.Chaos.Tests";

    public static async Task RunAsync(ITestOutputHelper output, string test, int defaultCount, Func<ChaosSeed, Task<string>> run)
    {
        var seeds = ChaosSeed.SweepSeeds(defaultCount);
        Log(output, $"{test}: seeds {Describe(seeds)}");
        var failures = new StringBuilder();
        var failed = 0;
        var sweep = Stopwatch.StartNew();
        foreach (var value in seeds)
        {
            var seed = new ChaosSeed(value);
            var started = Stopwatch.StartNew();
            try
            {
                var summary = await run(seed);
                Log(output, string.Create(CultureInfo.InvariantCulture, $"seed {seed}: ok in {started.Elapsed.TotalSeconds:F1} s; {summary}"));
            }
            catch (Exception exception)
            {
                failed++;
                var rerun = seed.RerunCommand(Project, $"FullyQualifiedName~{test}");
                Log(output, $"seed {seed}: FAILED — re-run with: {rerun}{Environment.NewLine}{exception}");
                failures.AppendLine(CultureInfo.InvariantCulture, $"seed {seed} failed: {exception.GetType().Name}: {exception.Message}");
                failures.AppendLine(CultureInfo.InvariantCulture, $"  re-run: {rerun}");
                if (failed == 1)
                {
                    failures.AppendLine(exception.ToString());
                }
            }
        }

        Log(output, string.Create(CultureInfo.InvariantCulture, $"{test}: {seeds.Count - failed}/{seeds.Count} seeds passed in {sweep.Elapsed.TotalSeconds:F1} s"));
        Assert.True(failed == 0, $"{failed} of {seeds.Count} seeds failed:{Environment.NewLine}{failures}");
    }

    private static string Describe(IReadOnlyList<int> seeds) =>
        seeds.Count <= 30 ? string.Join(",", seeds) : $"{seeds[0]}..{seeds[^1]} ({seeds.Count})";

    private static void Log(ITestOutputHelper output, string line)
    {
        output.WriteLine(line);
        Console.WriteLine(line);
    }
}
