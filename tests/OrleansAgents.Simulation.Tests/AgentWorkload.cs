using OrleansAgents.Agents;
using OrleansAgents.Agents.Samples;
using OrleansAgents.Grains.Tests.Fixtures;
using OrleansAgents.TestingHost;
using Xunit;

namespace OrleansAgents.Simulation.Tests;

/// <summary>
/// A deterministic agent workload for simulations: a mix of tasks (one agent, a pipeline, a fan-out, retries, slow
/// work), optionally a silo killed and restarted in the middle at a seeded moment, then every task awaited.
/// </summary>
public static class AgentWorkload
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);

    /// <summary>Runs the workload inside <paramref name="simulation"/> and checks the agent-task invariants at the end.</summary>
    public static Task RunAsync(TestingHost.Simulation simulation, bool killAndRestart, SimulationFaults? healWith = null) =>
        RunAsync(simulation, killAndRestart, healWith, chaosWindow: TimeSpan.FromSeconds(2));

    /// <summary>
    /// Runs the workload; with <paramref name="healWith"/>, the faults become those after <paramref name="chaosWindow"/>
    /// of virtual time. Returns how many silos the faults crashed (<see cref="SimulationFaults.SiloCrashRate"/>).
    /// </summary>
    public static async Task<int> RunAsync(TestingHost.Simulation simulation, bool killAndRestart, SimulationFaults? healWith, TimeSpan chaosWindow)
    {
        var invariants = new AgentTaskInvariants(simulation).Register();
        await using var agents = await AgentCluster.StartAsync(3, o => o.RecoveryPeriod = TimeSpan.FromSeconds(30), b => b.ConfigureSilo(s =>
            Hosting.SiloBuilderExtensions.Configure<Hosting.ReminderOptions>(s, r => r.MinimumReminderPeriod = TimeSpan.FromSeconds(1))));
        var user = new AgentCaller("sim-user");
        var requests = new[]
        {
            AgentTaskRequest.For("echo", new { text = "hello" }, user.UserId),
            AgentTaskRequest.ForRoute(["doubler", "incrementer"], 20, user.UserId),
            AgentTaskRequest.ForRoute(["splitter", "doubler"], new[] { 1, 2, 3 }, user.UserId),
            AgentTaskRequest.For("flaky", new FlakyInput(1, "ok"), user.UserId),
            AgentTaskRequest.For("slow", new SlowInput(Steps: 5, StepMilliseconds: 200), user.UserId),
            AgentTaskRequest.For("value-error", "bad", user.UserId),
        };
        var tasks = requests.Select((_, i) => agents.NewTask($"w{i}")).ToArray();
        await Task.WhenAll(tasks.Select((t, i) => SimulatedRetries.RetryAsync(simulation, () => t.SubmitAsync(requests[i]))));

        if (killAndRestart)
        {
            await simulation.AdvanceTimeAsync(TimeSpan.FromMilliseconds(simulation.Random.Next(0, 600)));
            var victim = agents.Cluster.Silos[1 + simulation.Random.Next(agents.Cluster.Silos.Count - 1)];
            await agents.KillAsync(victim);
            await agents.Cluster.StartAdditionalSiloAsync();
        }

        if (healWith is not null)
        {
            // End of the chaos window: the cluster must now converge.
            await simulation.AdvanceTimeAsync(chaosWindow);
            simulation.Faults = healWith;
        }

        var results = await Task.WhenAll(tasks.Select(t => SimulatedRetries.RetryAsync(simulation, () => t.WaitForTerminalAsync(user, Deadline))));
        Assert.All(results, r => Assert.True(r.Status.IsTerminal(), $"{r.TaskId} ended {r.Status}"));
        Assert.Equal(AgentTaskStatus.Failed, results[5].Status);
        Assert.Null(invariants.CheckNewWrites());
        Assert.Null(invariants.CheckAllTerminal());
        simulation.Trace.Observe(string.Join(",", results.Select(r => $"{r.TaskId}:{r.Status}:{r.Attempts}")));
        return agents.Cluster.SiloCrashes;
    }

}
