using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace OrleansAgents.Chaos.Tests;

/// <summary>
/// Runs a workload once per seed (<see cref="ChaosSeed.SweepSeeds"/>: a fixed list, <c>OA_CHAOS_SEEDS=n</c> for more, from
/// <c>OA_CHAOS_FIRST_SEED=m</c>; <c>OA_CHAOS_SEED=n</c> for one; <c>OA_CHAOS_PARALLEL=n</c> clusters at a time). Prints the seed list and one line per seed; a failure names every failing seed and
/// the command that re-runs each.
/// </summary>
public static class ChaosSweep
{
    public const string Project = "tests/OrleansAgents.Chaos.Tests";

    /// <summary>How many seeds run at once unless <c>OA_CHAOS_PARALLEL</c> says otherwise.</summary>
    public const int DefaultParallelism = 1;

    private const string ParallelismVariable = "OA_CHAOS_PARALLEL";

    /// <summary>
    /// How long one seed may run before it counts as hung: it fails naming the step it was at (<see cref="Step"/>), and the
    /// sweep goes on to the next seed (a hung seed's cluster is left behind) instead of stalling the whole test run.
    /// </summary>
    public static readonly TimeSpan SeedDeadline = TimeSpan.FromSeconds(120);

    private static readonly Lock Gate = new();

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, string> Steps = new();

    /// <summary>Records which step of its workload <paramref name="seed"/> is at (named in the failure if the seed hangs).</summary>
    public static void Step(ChaosSeed seed, string step) => Steps[seed.Value] = step;

    /// <summary>
    /// Runs <paramref name="run"/> for every seed, <see cref="DefaultParallelism"/> cluster(s) at a time (each seed has its
    /// own cluster, clock and fault decisions). One by default: with two agent clusters at once on two cores, silo stops
    /// stalled for tens of seconds; more locally with <c>OA_CHAOS_PARALLEL</c>. Fails naming every failing seed.
    /// </summary>
    public static async Task RunAsync(ITestOutputHelper output, string test, int defaultCount, Func<ChaosSeed, Task<string>> run)
    {
        var seeds = ChaosSeed.SweepSeeds(defaultCount);
        var parallelism = Parallelism();
        Log(output, $"{test}: seeds {Describe(seeds)}, {parallelism} at a time");
        var failures = new System.Collections.Concurrent.ConcurrentDictionary<int, string>();
        var sweep = Stopwatch.StartNew();
        await Parallel.ForEachAsync(seeds, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (value, _) =>
        {
            var seed = new ChaosSeed(value);
            var started = Stopwatch.StartNew();
            Steps[value] = "starting";
            try
            {
                string summary;
                try
                {
                    summary = await run(seed).WaitAsync(SeedDeadline);
                }
                catch (TimeoutException hung)
                {
                    throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"seed {seed} hung: no end within {SeedDeadline.TotalSeconds:F0} s of real time, at step '{Steps.GetValueOrDefault(value)}'"), hung);
                }

                Log(output, string.Create(CultureInfo.InvariantCulture, $"seed {seed}: ok in {started.Elapsed.TotalSeconds:F1} s; {summary}"));
            }
            catch (Exception exception)
            {
                var rerun = seed.RerunCommand(Project, $"FullyQualifiedName~{test}");
                Log(output, $"seed {seed}: FAILED — re-run with: {rerun}{Environment.NewLine}{exception}");
                failures[value] = string.Create(CultureInfo.InvariantCulture, $"seed {seed} failed: {exception.GetType().Name}: {exception.Message}{Environment.NewLine}  re-run: {rerun}{Environment.NewLine}{exception}");
            }
        });

        Log(output, string.Create(CultureInfo.InvariantCulture, $"{test}: {seeds.Count - failures.Count}/{seeds.Count} seeds passed in {sweep.Elapsed.TotalSeconds:F1} s"));
        var report = new StringBuilder();
        foreach (var (_, failure) in failures.OrderBy(f => f.Key))
        {
            report.AppendLine(failure);
        }

        Assert.True(failures.IsEmpty, $"{failures.Count} of {seeds.Count} seeds failed ({string.Join(",", failures.Keys.Order())}):{Environment.NewLine}{report}");
    }

    private static int Parallelism()
    {
        if (Environment.GetEnvironmentVariable(ParallelismVariable) is not { Length: > 0 } text)
        {
            return DefaultParallelism;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 1
            ? value
            : throw new InvalidOperationException($"{ParallelismVariable}='{text}' is not a positive number.");
    }

    private static string Describe(IReadOnlyList<int> seeds) =>
        seeds.Count <= 30 ? string.Join(",", seeds) : $"{seeds[0]}..{seeds[^1]} ({seeds.Count})";

    private static void Log(ITestOutputHelper output, string line)
    {
        lock (Gate)
        {
            output.WriteLine(line);
            Console.WriteLine(line);
        }
    }
}
