using System.Globalization;
using System.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansAgents.Agents;
using OrleansAgents.Testing;

namespace OrleansAgents.Benchmarks;

/// <summary>
/// The activation floor (client calls that each activate a new grain, which deactivates itself) and no-op agent
/// tasks/s (submit + wait, each task a new grain id) on one silo with memory storage, 16 callers, same cluster and run.
/// </summary>
internal static class TasksHarness
{
    private const int Callers = 16;
    private const double Target = 0.3;
    private const int Rounds = 5;
    private const int WarmUps = 3;
    private const int ColdSlices = 8;

    /// <summary>
    /// One silo with the no-op agent, as shipped: memory storage, no instrumentation. With <paramref name="instrumented"/>
    /// (the <c>profile</c> mode) every outgoing grain call passes <see cref="BenchCallFilter"/> and the task storage is
    /// <see cref="BenchStorage"/>, which cost the tasks' calls (not the floor's) a filter pass each.
    /// </summary>
    public static Task<AgentTestCluster> DeployAsync(bool instrumented = false, int? recoveryShards = null)
    {
        var builder = new AgentTestClusterBuilder(1).UseRealTime().AddAgent<NoopAgent>("noop");
        if (instrumented)
        {
            builder
                .ConfigureSilo(silo =>
                {
                    silo.AddOutgoingGrainCallFilter<BenchCallFilter>();
                    silo.Services.AddKeyedSingleton<IGrainStorage>(BenchStorage.Name, (sp, _) => new BenchStorage(sp.GetRequiredKeyedService<IGrainStorage>("Default")));
                })
                .ConfigureAgents(options => options.StorageName = BenchStorage.Name);
        }

        if (recoveryShards is { } shards)
        {
            builder.ConfigureAgents(options => options.RecoveryShards = shards);
        }

        return builder.DeployAsync();
    }

    /// <summary>
    /// Runs the activation floor only (<c>activation</c>), or the floor and the agent tasks (<c>tasks</c>). The tasks are
    /// measured in <see cref="Rounds"/> rounds, each right after a round of the floor of the same length: on a shared
    /// machine whose speed drifts over seconds, a floor measured once and the tasks measured after it compare two
    /// different machines (single runs here gave floors from 41k to 79k/s minutes apart). The ratio is of the sums; the
    /// rounds' own ratios are printed beside it, and the CPU time per operation, which drifts less than the rate.
    /// </summary>
    public static async Task RunAsync(TimeSpan duration, bool withTasks)
    {
        Report.Section($"{(withTasks ? "tasks" : "activation")}: 1 silo, memory storage, {Callers} callers, {(GCSettings.IsServerGC ? "server" : "workstation")} GC");
        await using var cluster = await DeployAsync().ConfigureAwait(false);
        if (withTasks)
        {
            // A fresh silo under task load, before anything is warmed up: what a silo restarted under load (a failover, a
            // rolling restart) does in its first seconds. Reported only; the figure below is the steady state.
            var cold = new List<LoadResult>();
            for (var slice = 0; slice < ColdSlices; slice++)
            {
                cold.Add(await TasksAsync(cluster, TimeSpan.FromSeconds(2)).ConfigureAwait(false));
            }

            Console.WriteLine($"  fresh silo, tasks/s in its first {ColdSlices} slices of 2 s (no target): {string.Join(", ", cold.Select(c => Report.N(c.PerSecond)))}; µs CPU per task: {string.Join(", ", cold.Select(c => Report.N(c.CpuMicrosPerOperation)))}");
        }

        // Every path is warmed up alike before it is measured, in WarmUps turns of 2 s each: the task path has far more code
        // for the tiered JIT to promote than the floor's, and with dynamic PGO its code first runs instrumented, then is
        // compiled again. One 3 s warm-up per path left the first measured round at about half the others' ratio
        // (0.09 – 0.11 against 0.18 – 0.26 in session 12); with DOTNET_TieredPGO=0 the first round was like the rest.
        var warm = TimeSpan.FromSeconds(2);
        for (var turn = 0; turn < WarmUps; turn++)
        {
            await ActivationsAsync(cluster, warm).ConfigureAwait(false);
            await TasksAsync(cluster, warm).ConfigureAwait(false);
            if (withTasks)
            {
                await TasksAsync(cluster, warm, newTaskIds: false).ConfigureAwait(false);
                await StoredAsync(cluster, warm).ConfigureAwait(false);
            }
        }

        if (!withTasks)
        {
            ReportFloor(await ActivationsAsync(cluster, duration).ConfigureAwait(false));
            return;
        }

        var round = duration / Rounds;
        var floors = new List<LoadResult>();
        var tasks = new List<LoadResult>();
        var chosen = new List<LoadResult>();
        var stored = new List<LoadResult>();
        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        var resident = await management.GetTotalActivationCount().ConfigureAwait(false);
        for (var i = 0; i < Rounds; i++)
        {
            floors.Add(await ActivationsAsync(cluster, round).ConfigureAwait(false));
            await SettleAsync(management, resident).ConfigureAwait(false);
            tasks.Add(await TasksAsync(cluster, round).ConfigureAwait(false));
            await SettleAsync(management, resident).ConfigureAwait(false);
            chosen.Add(await TasksAsync(cluster, round, newTaskIds: false).ConfigureAwait(false));
            await SettleAsync(management, resident).ConfigureAwait(false);
            stored.Add(await StoredAsync(cluster, round).ConfigureAwait(false));
            await SettleAsync(management, resident).ConfigureAwait(false);
        }

        var floor = LoadResult.Sum(floors);
        var all = LoadResult.Sum(tasks);
        ReportFloor(floor);
        var ratio = all.PerSecond / floor.PerSecond;
        var rounds = string.Join(", ", tasks.Select((t, i) => (t.PerSecond / floors[i].PerSecond).ToString("0.000", CultureInfo.InvariantCulture)));
        Report.Figure($"no-op agent tasks/s, submit (new task ids) + wait, {Callers} submitters", Report.N(all.PerSecond) + "/s",
            $"activation floor {Report.N(floor.PerSecond)}/s", ratio,
            $"target >= {Target}x: {(ratio >= Target ? "met" : "NOT met")}; p50 {Report.Ms(all.Percentile(50))}, p99 {Report.Ms(all.Percentile(99))}, {Report.N(all.BytesPerOperation)} B/task, {Report.N(all.CpuMicrosPerOperation)} µs CPU/task, {all.Gcs}");
        Console.WriteLine($"  ratio per round (tasks / the floor measured just before): {rounds}");
        var chosenAll = LoadResult.Sum(chosen);
        Report.Figure($"reference: the same tasks under ids their callers chose, {Callers} submitters", Report.N(chosenAll.PerSecond) + "/s",
            $"activation floor {Report.N(floor.PerSecond)}/s", chosenAll.PerSecond / floor.PerSecond,
            $"no target: the task's record is read before the submit (NewTaskId unset); {Report.N(chosenAll.BytesPerOperation)} B/task, {Report.N(chosenAll.CpuMicrosPerOperation)} µs CPU/task, {chosenAll.Gcs}");
        var plain = LoadResult.Sum(stored);
        Report.Figure($"reference: a plain grain that writes one small state, {Callers} callers", Report.N(plain.PerSecond) + "/s",
            $"activation floor {Report.N(floor.PerSecond)}/s", plain.PerSecond / floor.PerSecond,
            $"no agent, no target: Orleans' memory storage read at activation + one write; {Report.N(plain.BytesPerOperation)} B/op, {Report.N(plain.CpuMicrosPerOperation)} µs CPU/op, {plain.Gcs}");
    }

    /// <summary>
    /// Waits (up to 5 s) until the round's activations have gone: each round's grains deactivate after their last call,
    /// and that work, left running into the next round, would be counted against the other side of the ratio.
    /// </summary>
    private static async Task SettleAsync(IManagementGrain management, int resident)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (await management.GetTotalActivationCount().ConfigureAwait(false) > resident + Callers && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10).ConfigureAwait(false);
        }
    }

    private static void ReportFloor(LoadResult floor) =>
        Report.Figure($"activation floor: new grain + DeactivateOnIdle, {Callers} callers", Report.N(floor.PerSecond) + "/s", null, null,
            $"p50 {Report.Ms(floor.Percentile(50))}, p99 {Report.Ms(floor.Percentile(99))}, {Report.N(floor.BytesPerOperation)} B/activation, {Report.N(floor.CpuMicrosPerOperation)} µs CPU/activation, {floor.Gcs}");

    /// <summary>A new <see cref="IStoredGrain"/> per call: activation, state read, one write, deactivation.</summary>
    public static Task<LoadResult> StoredAsync(AgentTestCluster cluster, TimeSpan duration) =>
        Load.RunAsync(Callers, duration, _ => cluster.Client.GetGrain<IStoredGrain>(Load.Next()).StoreAsync("x"), latencies: true);

    public static Task<LoadResult> ActivationsAsync(AgentTestCluster cluster, TimeSpan duration) => ActivationsAsync(cluster.Client, duration);

    public static Task<LoadResult> ActivationsAsync(IGrainFactory grains, TimeSpan duration) =>
        Load.RunAsync(Callers, duration, _ => grains.GetGrain<IActivateGrain>(Load.Next()).ActivateAsync(), latencies: true);

    public static Task<LoadResult> TasksAsync(AgentTestCluster cluster, TimeSpan duration, int callers = Callers, bool newTaskIds = true) =>
        TasksAsync(cluster.Client, duration, callers, newTaskIds);

    /// <summary>
    /// No-op agent tasks through <paramref name="grains"/>: each submitter submits a task with a new id and waits for its
    /// end (unless the submit answered with it). With <paramref name="newTaskIds"/> (the default) the requests say the id
    /// was made for them (<see cref="AgentTaskRequest.NewTaskId"/>, as <c>AgentClient</c> submits a task it is given no id
    /// for), and the task grain writes without reading first; without it, as for an id the caller chose, the grain reads
    /// the task's record before its first call.
    /// </summary>
    public static Task<LoadResult> TasksAsync(IGrainFactory grains, TimeSpan duration, int callers = Callers, bool newTaskIds = true)
    {
        var input = AgentTaskRequest.For("noop", 1, "user-0").Input;
        var users = Enumerable.Range(0, callers).Select(w => (Caller: new AgentCaller($"user-{w}"), Request: new AgentTaskRequest { Route = ["noop"], Input = input, UserId = $"user-{w}", NewTaskId = newTaskIds })).ToArray();
        return Load.RunAsync(callers, duration, async w =>
        {
            var (caller, request) = users[w];
            var task = grains.GetGrain<IAgentTaskGrain>($"t{Load.Next()}");
            // As AgentClient.RunAsync: no wait when the submit's answer is the end (the task ended within the inline window).
            var submitted = await task.SubmitAsync(request).ConfigureAwait(false);
            var done = submitted.Status.IsTerminal() ? submitted : await task.WaitForTerminalAsync(caller, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            if (done.Status != AgentTaskStatus.Succeeded)
            {
                throw new InvalidOperationException($"Task {done.TaskId} ended {done.Status}: {done.Error}");
            }
        }, latencies: true);
    }
}
