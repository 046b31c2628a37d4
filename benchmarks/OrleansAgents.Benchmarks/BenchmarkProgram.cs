using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using OrleansAgents.Benchmarks.Calls;
using OrleansAgents.Benchmarks.Memory;
using OrleansAgents.Benchmarks.Reporting;
using OrleansAgents.Benchmarks.Startup;
using OrleansAgents.Benchmarks.Streams;
using OrleansAgents.Benchmarks.Tasks;

namespace OrleansAgents.Benchmarks;

/// <summary>
/// <c>calls | memory | startup | tasks | streams | simulation | profile | all</c> [<c>--iterations N</c>] [<c>--seconds N</c>] [<c>--submitters N</c>] [BenchmarkDotNet arguments]. Prints each
/// measurement with its same-run baseline, then the targets; exits 1 when a target is missed, 2 on bad usage.
/// </summary>
internal static class BenchmarkProgram
{
    private const string Usage = """
        usage: OrleansAgents.Benchmarks calls|memory|startup|tasks|streams|simulation|profile|all [--iterations N] [--seconds N] [--submitters N] [BenchmarkDotNet args]
          calls    BenchmarkDotNet: grain calls vs Channel<T> ping-pong, 1 and 16 callers
          memory   retained managed bytes per idle activation (100,000 activations) vs plain objects
          startup  3-silo TestCluster deploy + dispose vs bare Generic Hosts (--iterations, default 20)
          tasks    no-op agent tasks/s and p50/p99 submit-to-complete vs grain calls/s, 1 silo (--seconds per row, default 3;
                   --submitters N for one row instead of 1, 16, 64, 256)
          streams  stream fan-out: 1 publisher, 100 grain subscribers, deliveries/s vs grain calls/s and p99
                   publish-to-deliver latency, 1 silo (--seconds for the saturating run, default 3)
          simulation  simulated time / wall time of a timer- and reminder-heavy simulated cluster (6 h), and the
                   wall time of one seed of an agent workload in simulation mode
          profile  per-call and per-task counters (work items, lock contentions, bytes, storage and reminder
                   operations), allocations by type per task; no targets
          all      memory, startup, tasks, streams, simulation, then calls (calls includes the per-call profile)
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("calls" or "memory" or "startup" or "tasks" or "streams" or "simulation" or "profile" or "all"))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

#if DEBUG
        Console.Error.WriteLine("Build and run in Release: dotnet run -c Release --project benchmarks/OrleansAgents.Benchmarks -- " + args[0]);
        return 2;
#else
        var mode = args[0];
        var rest = args.Skip(1).ToList();
        var iterations = TakeOption(rest, "--iterations") ?? 20;
        var seconds = TakeOption(rest, "--seconds") ?? 3;
        var submitters = TakeOption(rest, "--submitters") is { } n ? [n] : TasksHarness.DefaultSubmitters;
        PrintEnvironment();

        var results = new List<TargetResult>();
        if (mode is "memory" or "all")
        {
            results.AddRange(await MemoryHarness.RunAsync().ConfigureAwait(false));
        }

        if (mode is "startup" or "all")
        {
            results.AddRange(await StartupHarness.RunAsync(iterations).ConfigureAwait(false));
        }

        if (mode is "tasks" or "all")
        {
            results.AddRange(await TasksHarness.RunAsync(TimeSpan.FromSeconds(seconds), submitters).ConfigureAwait(false));
        }

        if (mode is "streams" or "all")
        {
            results.AddRange(await StreamsHarness.RunAsync(TimeSpan.FromSeconds(seconds)).ConfigureAwait(false));
        }

        if (mode is "simulation" or "all")
        {
            results.AddRange(await Simulation.SimulationHarness.RunAsync().ConfigureAwait(false));
        }

        if (mode is "profile")
        {
            CallProfile.Print();
            await TaskProfile.PrintAsync().ConfigureAwait(false);
        }

        if (mode is "calls" or "all")
        {
            results.AddRange(CallsRunner.Run([.. rest]));
        }

        if (results.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("Targets:");
            Console.WriteLine(TargetResult.Print(results));
        }

        var missed = results.Where(r => !r.Met).ToList();
        foreach (var result in missed)
        {
            Console.WriteLine($"MISSED: {result.Name}: {result.Measured}, required {result.Target}");
        }

        return missed.Count == 0 ? 0 : 1;
#endif
    }

    private static int? TakeOption(List<string> args, string name)
    {
        var index = args.IndexOf(name);
        if (index < 0 || index + 1 >= args.Count)
        {
            return null;
        }

        var value = int.Parse(args[index + 1], CultureInfo.InvariantCulture);
        args.RemoveRange(index, 2);
        return value;
    }

    private static void PrintEnvironment()
    {
        Console.WriteLine($"Date (UTC):  {DateTime.UtcNow:yyyy-MM-dd HH:mm}");
        Console.WriteLine($"Runtime:     {RuntimeInformation.FrameworkDescription} ({RuntimeInformation.RuntimeIdentifier})");
        Console.WriteLine($"OS:          {RuntimeInformation.OSDescription}");
        Console.WriteLine($"Cores:       {Environment.ProcessorCount}");
        Console.WriteLine($"GC:          {(GCSettings.IsServerGC ? "server" : "workstation")}, {GCSettings.LatencyMode}");
    }
}
