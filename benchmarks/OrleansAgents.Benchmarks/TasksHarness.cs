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

    public static Task<AgentTestCluster> DeployAsync(int? recoveryShards = null) =>
        new AgentTestClusterBuilder(1)
            .UseRealTime()
            .AddAgent<NoopAgent>("noop")
            .ConfigureSilo(silo =>
            {
                silo.AddOutgoingGrainCallFilter<BenchCallFilter>();
                silo.Services.AddKeyedSingleton<IGrainStorage>(BenchStorage.Name, (sp, _) => new BenchStorage(sp.GetRequiredKeyedService<IGrainStorage>("Default")));
            })
            .ConfigureAgents(options =>
            {
                options.StorageName = BenchStorage.Name;
                if (recoveryShards is { } shards)
                {
                    options.RecoveryShards = shards;
                }
            })
            .DeployAsync();

    /// <summary>Runs the activation floor only (<c>activation</c>), or the floor and the agent tasks (<c>tasks</c>).</summary>
    public static async Task RunAsync(TimeSpan duration, bool withTasks)
    {
        Report.Section($"{(withTasks ? "tasks" : "activation")}: 1 silo, memory storage, {Callers} callers, {(GCSettings.IsServerGC ? "server" : "workstation")} GC");
        await using var cluster = await DeployAsync().ConfigureAwait(false);
        // Both paths are warmed up alike before they are measured (3 s each): the task path has far more code for the
        // tiered JIT to promote than the floor's, and a 0.7 s warm-up left part of it unoptimised in the measured window.
        var warm = TimeSpan.FromSeconds(3);
        await ActivationsAsync(cluster, warm).ConfigureAwait(false);
        await TasksAsync(cluster, warm).ConfigureAwait(false);
        var floor = await ActivationsAsync(cluster, duration).ConfigureAwait(false);
        Report.Figure($"activation floor: new grain + DeactivateOnIdle, {Callers} callers", Report.N(floor.PerSecond) + "/s", null, null,
            $"p50 {Report.Ms(floor.Percentile(50))}, p99 {Report.Ms(floor.Percentile(99))}, {Report.N(floor.BytesPerOperation)} B/activation");
        if (!withTasks)
        {
            return;
        }

        var tasks = await TasksAsync(cluster, duration).ConfigureAwait(false);
        var ratio = tasks.PerSecond / floor.PerSecond;
        Report.Figure($"no-op agent tasks/s, submit + wait, {Callers} submitters", Report.N(tasks.PerSecond) + "/s",
            $"activation floor {Report.N(floor.PerSecond)}/s", ratio,
            $"target >= {Target}x: {(ratio >= Target ? "met" : "NOT met")}; p50 {Report.Ms(tasks.Percentile(50))}, p99 {Report.Ms(tasks.Percentile(99))}, {Report.N(tasks.BytesPerOperation)} B/task");
    }

    public static Task<LoadResult> ActivationsAsync(AgentTestCluster cluster, TimeSpan duration) => ActivationsAsync(cluster.Client, duration);

    public static Task<LoadResult> ActivationsAsync(IGrainFactory grains, TimeSpan duration) =>
        Load.RunAsync(Callers, duration, _ => grains.GetGrain<IActivateGrain>(Load.Next()).ActivateAsync(), latencies: true);

    public static Task<LoadResult> TasksAsync(AgentTestCluster cluster, TimeSpan duration, int callers = Callers) =>
        TasksAsync(cluster.Client, duration, callers);

    /// <summary>No-op agent tasks through <paramref name="grains"/>: each submitter submits a task with a new id and waits for its end (unless the submit answered with it).</summary>
    public static Task<LoadResult> TasksAsync(IGrainFactory grains, TimeSpan duration, int callers = Callers)
    {
        var input = AgentTaskRequest.For("noop", 1, "user-0").Input;
        var users = Enumerable.Range(0, callers).Select(w => (Caller: new AgentCaller($"user-{w}"), Request: new AgentTaskRequest { Route = ["noop"], Input = input, UserId = $"user-{w}" })).ToArray();
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
