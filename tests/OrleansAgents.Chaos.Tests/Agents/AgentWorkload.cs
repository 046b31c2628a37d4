using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;
using OrleansAgents.Hosting;

namespace OrleansAgents.Chaos.Tests.Agents;

/// <summary>
/// The agent workload under chaos: a 3-silo cluster on shared storage runs <see cref="AgentWork"/>'s tasks while storage
/// faults, call faults on <see cref="IAgentTaskGrain"/> and seeded silo faults (kill, stop, restart) hit it for a window of
/// virtual time; then faults stop, the cluster settles, and the agent-task invariants are checked.
/// </summary>
public static class AgentWorkload
{
    /// <summary>How long (virtual time) faults hit the cluster.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(4);

    private static readonly TimeSpan RealDeadline = TimeSpan.FromSeconds(60);

    /// <summary>A cluster on shared storage with the sample agents, one recovery shard swept every 5 s (or <paramref name="recoveryPeriod"/>), and the given chaos.</summary>
    public static Task<AgentTestCluster> StartAsync(ChaosSeed seed, Action<ChaosOptions> chaos, short silos = 3, RecentLogs? logs = null, TimeSpan? recoveryPeriod = null) =>
        new AgentTestClusterBuilder(silos)
            .ConfigureSilo(silo =>
            {
                if (logs is not null)
                {
                    silo.Services.AddLogging(logging => logging.AddProvider(logs).AddFilter<RecentLogs>(null, LogLevel.Information));
                }

                silo.AddSampleAgents();
                silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            })
            .ConfigureAgents(o =>
            {
                o.RecoveryPeriod = recoveryPeriod ?? TimeSpan.FromSeconds(5);
                o.RecoveryShards = 1; // every task shares one index shard: the most contention on its writes
            })
            .UseSharedStorage()
            .UseChaos(seed, chaos)
            .DeployAsync();

    /// <summary>The sweep's faults: every storage and call fault kind at a few percent.</summary>
    public static void HostileFaults(ChaosOptions options)
    {
        options.Storage.WriteFailureRate = 0.04;
        options.Storage.WriteTimeoutRate = 0.04;
        options.Storage.ReadFailureRate = 0.02;
        options.Storage.ClearFailureRate = 0.02;
        options.Storage.LatencyRate = 0.2;
        options.Storage.MaxLatency = TimeSpan.FromMilliseconds(200);
        options.Calls.Add(new CallFaultRule(typeof(IAgentTaskGrain)) { ExceptionRate = 0.03, LostResponseRate = 0.03, DelayRate = 0.1, MaxDelay = TimeSpan.FromMilliseconds(500) });
    }

    /// <summary>Runs the workload for <paramref name="seed"/>; returns a one-line summary; throws when an invariant breaks.</summary>
    public static async Task<string> RunAsync(ChaosSeed seed)
    {
        var logs = new RecentLogs();
        try
        {
            return await RunAsync(seed, logs);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            throw new ChaosSeedFailedException($"{exception.GetType().Name}: {exception.Message}{Environment.NewLine}the cluster's last log lines:{Environment.NewLine}{logs}", exception);
        }
    }

    private static async Task<string> RunAsync(ChaosSeed seed, RecentLogs logs)
    {
        ChaosSweep.Step(seed, "deploying the cluster");
        await using var cluster = await StartAsync(seed, HostileFaults, logs: logs);
        var chaos = cluster.Chaos;
        var user = new AgentCaller("chaos-user");
        var work = AgentWork.For(user.UserId);
        var plan = chaos.PlanSiloFaults(Window, 1 + (int)(seed.Draw("silo-fault-count", 0) * 2));

        chaos.Enabled = true;
        ChaosSweep.Step(seed, "submitting during the fault window");
        var submits = Task.WhenAll(work.Select(w => Transient.RetryAsync(() => TaskOf(cluster, w).SubmitAsync(w.Request))));
        await chaos.RunAsync(plan, Window);
        chaos.Enabled = false;
        ChaosSweep.Step(seed, "awaiting the submits");
        await cluster.DriveAsync(submits, RealDeadline);

        var ended = new List<AgentTaskSnapshot>();
        foreach (var w in work)
        {
            ChaosSweep.Step(seed, $"awaiting the end of {w.Id}");
            ended.Add(await WaitForTerminalAsync(cluster, TaskOf(cluster, w), user));
        }

        // Settle: late work (a write in flight, a zombie's retry) gets its chance to land before the history is judged.
        ChaosSweep.Step(seed, "settling");
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(500));
        Check(chaos, work, ended);
        ChaosSweep.Step(seed, "disposing the cluster");
        return $"{string.Join(" ", ended.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.TaskId}:{t.Status}/{t.Attempts}{(t.Status == AgentTaskStatus.Failed ? $"({t.Error?.Type}: {t.Error?.Message})" : "")}")))}; plan {string.Join(",", plan.Select(f => $"{f.Kind}@{f.At.TotalSeconds:F1}s"))}; {chaos.Counters}";
    }

    /// <summary>Reads the task until it is terminal, driving the fake clock, retrying reads cut off by a silo's loss.</summary>
    public static async Task<AgentTaskSnapshot> WaitForTerminalAsync(AgentTestCluster cluster, IAgentTaskGrain task, AgentCaller caller)
    {
        AgentTaskSnapshot? last = null;
        try
        {
            await cluster.EventuallyAsync(
                async () =>
                {
                    try
                    {
                        last = await cluster.DriveAsync(task.GetAsync(caller), RealDeadline);
                        return last.Status.IsTerminal();
                    }
                    catch (Exception exception) when (Transient.Is(exception))
                    {
                        return false;
                    }
                },
                RealDeadline,
                $"task {task.GetPrimaryKeyString()} should reach a terminal status");
        }
        catch (TimeoutException timeout)
        {
            // The status last read, as it is when the wait gives up (a message built before the wait would say none).
            throw new TimeoutException($"{timeout.Message} (last read: {last?.Status.ToString() ?? "none answered"})", timeout);
        }

        return last!;
    }

    /// <summary>
    /// The invariants: every acknowledged task is terminal, as its last stored record says; no stored task is left
    /// unfinished; a terminal record is never rewritten; applied records number 1, 2, 3, …; attempts within policy; a success has the right output; a
    /// failure records its error; the fatal task failed.
    /// </summary>
    public static void Check(ChaosController chaos, IReadOnlyList<AgentWork> work, IReadOnlyList<AgentTaskSnapshot> ended)
    {
        var problems = new List<string>();
        problems.AddRange(AgentTaskInvariants.TerminalRewrites(chaos.Writes));
        problems.AddRange(AgentTaskInvariants.Unfinished(chaos.Writes));
        problems.AddRange(AgentTaskInvariants.BrokenSequences(chaos.Writes));
        var history = chaos.Writes.AgentTasks();
        foreach (var (w, task) in work.Zip(ended))
        {
            if (!history.TryGetValue(w.Id, out var writes))
            {
                problems.Add($"task {w.Id} was acknowledged but storage never applied a record of it");
                continue;
            }

            if (AgentTaskInvariants.Describe(writes[^1]) != AgentTaskInvariants.Describe(task))
            {
                problems.Add($"task {w.Id} reads {AgentTaskInvariants.Describe(task)} but storage last applied {AgentTaskInvariants.Describe(writes[^1])}");
            }

            if (w.Expected is null)
            {
                if (task.Status != AgentTaskStatus.Failed || task.Error?.Type != typeof(ArgumentException).FullName)
                {
                    problems.Add($"task {w.Id} should fail with its ArgumentException, ended {AgentTaskInvariants.Describe(task)}");
                }
            }
            else if (task.Status == AgentTaskStatus.Succeeded ? !w.Expected(task.Output) : task.Error is null)
            {
                problems.Add($"task {w.Id} ended with a wrong result: {AgentTaskInvariants.Describe(task)}");
            }
            else if (task.Status == AgentTaskStatus.Failed && task.Attempts < new AgentOptions().MaxAttempts
                && task.Error?.Type is { } type && type.StartsWith("Orleans.", StringComparison.Ordinal))
            {
                // The cluster's own failures (a silo's death, a rejected message) are retried; with attempts left they
                // must not end a task.
                problems.Add($"task {w.Id} failed with attempts left on a failure of the cluster: {AgentTaskInvariants.Describe(task)} ({type}: {task.Error.Message})");
            }
        }

        foreach (var (id, writes) in history)
        {
            var last = writes[^1];
            if (last.Attempts > AgentWork.MaxAttemptsPerStep * last.Route.Count)
            {
                problems.Add($"task {id} made {last.Attempts} attempts over {last.Route.Count} step(s): more than {AgentWork.MaxAttemptsPerStep} a step");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static IAgentTaskGrain TaskOf(AgentTestCluster cluster, AgentWork work) => cluster.Client.GetGrain<IAgentTaskGrain>(work.Id);
}
