using System.Diagnostics;
using System.Globalization;
using OrleansAgents.Agents;
using OrleansAgents.Agents.Samples;
using OrleansAgents.Benchmarks.Grains;
using OrleansAgents.Benchmarks.Reporting;
using OrleansAgents.Hosting;
using OrleansAgents.TestingHost;

namespace OrleansAgents.Benchmarks.Simulation;

/// <summary>
/// Simulation mode speed: (1) a timer- and reminder-heavy cluster (3 silos, 20 grains with a 1 s timer and a 1 min
/// reminder) over 6 simulated hours, reported as simulated time over wall time against the 100x; (2) one seed
/// of an agent workload (3 silos, 12 mixed tasks: one agent, pipelines, fan-outs, retries, fatal errors, slow work),
/// the median over seeds against "well under a second".
/// </summary>
internal static class SimulationHarness
{
    private const double MinSpeedup = 100;
    private const double MaxAgentSeedMilliseconds = 1000;
    private static readonly TimeSpan Simulated = TimeSpan.FromHours(6);

    public static async Task<List<TargetResult>> RunAsync()
    {
        var (virtualTime, wall, ticks, reminders) = await TimerHeavyAsync().ConfigureAwait(false);
        var speedup = virtualTime / wall;
        var expectedTicks = 20 * (int)Simulated.TotalSeconds;
        if (ticks < expectedTicks * 0.99 || reminders < 20 * (int)Simulated.TotalMinutes * 0.99)
        {
            throw new InvalidOperationException($"The timer-heavy simulation did not run its timers: {ticks} ticks (expected about {expectedTicks}), {reminders} reminders.");
        }

        Console.WriteLine();
        Console.WriteLine($"Simulation, timers and reminders: {Simulated.TotalHours:F0} h simulated in {wall.TotalSeconds:F2} s wall ({speedup:F0}x); {ticks:N0} timer ticks, {reminders:N0} reminder ticks");

        await AgentSeedAsync(0).ConfigureAwait(false); // warm-up (JIT)
        var seeds = new List<double>();
        for (var seed = 1; seed <= 10; seed++)
        {
            seeds.Add((await AgentSeedAsync(seed).ConfigureAwait(false)).TotalMilliseconds);
        }

        seeds.Sort();
        var median = seeds[seeds.Count / 2];
        Console.WriteLine($"Simulation, agent workload: one seed in {median:F0} ms median (min {seeds[0]:F0}, max {seeds[^1]:F0}) over {seeds.Count} seeds");
        return
        [
            new TargetResult("simulated time / wall time (timers, reminders)", $"{speedup:F0}x", $">= {MinSpeedup:F0}x", speedup >= MinSpeedup),
            new TargetResult("one seed of the agent workload (median)", $"{median:F0} ms", $"< {MaxAgentSeedMilliseconds:F0} ms", median < MaxAgentSeedMilliseconds),
        ];
    }

    private static async Task<(TimeSpan Virtual, TimeSpan Wall, int Ticks, int Reminders)> TimerHeavyAsync()
    {
        var ticks = 0;
        var reminders = 0;
        var report = await TestingHost.Simulation.RunAsync(
            new SimulationOptions { Seed = 1, MaxVirtualTime = TimeSpan.FromDays(1), CheckInvariantsAfterEveryStep = false },
            async simulation =>
            {
                await using var cluster = new TestClusterBuilder(3).ConfigureSilo(s => s.AddGrain<TickerGrain>()).Build();
                await cluster.DeployAsync();
                var grains = Enumerable.Range(0, 20).Select(i => cluster.Client.GetGrain<ITickerGrain>(i)).ToArray();
                await Task.WhenAll(grains.Select(g => g.StartAsync()));
                await simulation.AdvanceTimeAsync(Simulated);
                foreach (var grain in grains)
                {
                    var counts = await grain.GetCountsAsync();
                    ticks += counts[0];
                    reminders += counts[1];
                }
            }).ConfigureAwait(false);
        return (report.VirtualTime, report.WallTime, ticks, reminders);
    }

    private static async Task<TimeSpan> AgentSeedAsync(int seed)
    {
        var started = Stopwatch.GetTimestamp();
        await TestingHost.Simulation.RunAsync(
            new SimulationOptions { Seed = seed, Faults = SimulationFaults.Benign },
            async _ =>
            {
                await using var cluster = new TestClusterBuilder(3).ConfigureSilo(s =>
                {
                    s.AddSampleAgents();
                    s.AddMemoryGrainStorage(AgentStorage.Name);
                }).Build();
                await cluster.DeployAsync();
                var user = new AgentCaller("bench");
                var requests = Enumerable.Range(0, 2).SelectMany(_ => new[]
                {
                    AgentTaskRequest.For("echo", new { text = "hello" }, user.UserId),
                    AgentTaskRequest.ForRoute(["doubler", "incrementer"], 20, user.UserId),
                    AgentTaskRequest.ForRoute(["splitter", "doubler"], new[] { 1, 2, 3 }, user.UserId),
                    AgentTaskRequest.For("flaky", new FlakyInput(1, "ok"), user.UserId),
                    AgentTaskRequest.For("slow", new SlowInput(Steps: 5, StepMilliseconds: 100), user.UserId),
                    AgentTaskRequest.For("value-error", "bad", user.UserId),
                }).ToArray();
                var tasks = requests.Select((_, i) => cluster.Client.GetGrain<IAgentTaskGrain>(string.Create(CultureInfo.InvariantCulture, $"bench-{i}"))).ToArray();
                await Task.WhenAll(tasks.Select((t, i) => t.SubmitAsync(requests[i])));
                var results = await Task.WhenAll(tasks.Select(t => t.WaitAsync(user, TimeSpan.FromMinutes(5))));
                if (results.Any(r => !r.Status.IsTerminal()))
                {
                    throw new InvalidOperationException("an agent task did not finish");
                }
            }).ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(started);
    }
}
