using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Storage;
using OrleansAgents.Agents;
using OrleansAgents.Hosting;
using OrleansAgents.Providers.Tests.Servers;

namespace OrleansAgents.Benchmarks;

/// <summary>
/// Durable throughput: no-op agent tasks/s on one silo whose grain state lives in PostgreSQL (the Npgsql storage and
/// Orleans' ADO.NET one) or Redis (AOF everysec and always), each against the database's own single-row write rate at
/// the same concurrency, measured on the same server just before, divided by the row writes one task needs (counted).
/// </summary>
internal static class DurableHarness
{
    private const int Concurrency = 16;
    private const double Target = 0.6;
    private const int Rounds = 4;

    public static async Task RunAsync(TimeSpan duration, string? postgresSettings, string? only, int? concurrentBatches)
    {
        if (only is "memory")
        {
            // The same host on Orleans' memory storage: what the host and the task cost without a database.
            Report.Section($"durable: memory storage (no database), 1 silo, {Concurrency} submitters");
            var memory = await RunSiloAsync(silo => silo.UseLocalhostClustering(OrleansAgents.Tests.Shared.LoopbackPorts.Next(), OrleansAgents.Tests.Shared.LoopbackPorts.Next()), duration,
                _ => Task.FromResult(double.NaN)).ConfigureAwait(false);
            var tasks = LoadResult.Sum(memory.Tasks);
            Report.Figure("no-op tasks/s, memory storage, this host", Report.N(tasks.PerSecond) + "/s", $"activation floor in this host {Report.N(memory.Floor.PerSecond)}/s", tasks.PerSecond / memory.Floor.PerSecond,
                $"p50 {Report.Ms(tasks.Percentile(50))}, p99 {Report.Ms(tasks.Percentile(99))}; floor p50 {Report.Ms(memory.Floor.Percentile(50))}; process CPU per task {tasks.CpuMicrosPerOperation:0} us");
            return;
        }

        if (only is "redis")
        {
            goto Redis;
        }

        // The figure is read on a durable server (PostgreSQL's defaults: a committed write survives a crash of the
        // machine), then on the server as the tests start it (nothing is flushed: a commit costs the database little, and
        // the silo's own CPU decides). pgbench's baseline runs on the same server, so each ratio compares like with like.
        List<(string Name, string Settings, AgentPostgresGrainStorage[] Storages)> servers = [];
        if (postgresSettings is not "fast")
        {
            servers.Add(("durable: fsync, synchronous_commit, full_page_writes on (PostgreSQL's defaults)", "-c fsync=on -c synchronous_commit=on -c full_page_writes=on",
                only is "npgsql" ? [AgentPostgresGrainStorage.Npgsql] : [AgentPostgresGrainStorage.Npgsql, AgentPostgresGrainStorage.AdoNet]));
        }

        if (postgresSettings is not "durable")
        {
            servers.Add(("not durable, as the tests start it: fsync, synchronous_commit, full_page_writes off", "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                [AgentPostgresGrainStorage.Npgsql]));
        }

        foreach (var (serverName, settings, storages) in servers)
        {
            Report.Section($"durable: PostgreSQL {serverName}, 1 silo, {Concurrency} submitters; baseline pgbench -c {Concurrency} single-row INSERT");
            var postgres = new PostgresServer(settings);
            await postgres.InitializeAsync().ConfigureAwait(false);
            try
            {
                var database = await postgres.CreateDatabaseAsync().ConfigureAwait(false);
                await PostgresSchema.MigrateAsync(database, CancellationToken.None).ConfigureAwait(false);
                await PgBench.PrepareAsync(database).ConfigureAwait(false);
                foreach (var storage in storages)
                {
                    var run = await RunSiloAsync(silo => silo.UseAgentPostgres(o =>
                    {
                        (o.ConnectionString, o.GrainStorage) = (database, storage);
                        o.ConcurrentWriteBatches = concurrentBatches ?? o.ConcurrentWriteBatches;
                    }), duration, round => PgBench.RunAsync(postgres, database, Concurrency, round)).ConfigureAwait(false);
                    Print($"no-op tasks/s, PostgreSQL, {storage} grain storage", run, "pgbench INSERT");
                }
            }
            finally
            {
                await postgres.DisposeAsync().ConfigureAwait(false);
            }
        }

        Redis:
        if (only is "postgres" or "npgsql")
        {
            return;
        }

        foreach (var fsync in new[] { "everysec", "always" })
        {
            Report.Section($"durable: Redis, AOF appendfsync {fsync}, 1 silo, {Concurrency} submitters; baseline redis-benchmark -c {Concurrency} SET");
            var redis = new RedisServer(["--save", "", "--appendonly", "yes", "--appendfsync", fsync]);
            await redis.InitializeAsync().ConfigureAwait(false);
            try
            {
                var run = await RunSiloAsync(silo => silo.UseAgentRedis(o => o.ConnectionString = redis.ConnectionString), duration,
                    round => RedisBenchmark.RunAsync(redis.ConnectionString, Concurrency, round)).ConfigureAwait(false);
                Print($"no-op tasks/s, Redis, AOF {fsync}", run, "redis-benchmark SET");
            }
            finally
            {
                await redis.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static void Print(string name, SiloRun run, string baselineName)
    {
        var baselineRate = run.Baselines.Average();
        var writes = run.StateWrites;
        Report.Figure($"  state writes/s, {Concurrency} writers (storage alone)", Report.N(writes.PerSecond) + "/s", $"{baselineName} {Report.N(baselineRate)}/s", writes.PerSecond / baselineRate,
            $"p50 {Report.Ms(writes.Percentile(50))}, p99 {Report.Ms(writes.Percentile(99))}");
        var tasks = LoadResult.Sum(run.Tasks);
        var writesPerTask = (double)run.RowWrites / tasks.Operations;
        var expected = baselineRate / writesPerTask;
        var ratio = tasks.PerSecond / expected;
        Report.Figure(name, Report.N(tasks.PerSecond) + "/s",
            string.Create(CultureInfo.InvariantCulture, $"{baselineName} {Report.N(baselineRate)}/s / {writesPerTask:0.00} writes per task = {Report.N(expected)}/s"), ratio,
            $"target >= {Target}x: {(ratio >= Target ? "met" : "NOT met")}; p50 {Report.Ms(tasks.Percentile(50))}, p99 {Report.Ms(tasks.Percentile(99))}");
        Console.WriteLine($"  {baselineName} before the silo started and after it stopped: {Report.N(run.Baselines[0])}/s, {Report.N(run.Baselines[1])}/s; tasks/s by round: "
            + string.Join(", ", run.Tasks.Select(t => string.Create(CultureInfo.InvariantCulture, $"{Report.N(t.PerSecond)} ({t.CpuMicrosPerOperation:0} us CPU, {t.Gcs}, threads {t.Threads})"))));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  process CPU per task {tasks.CpuMicrosPerOperation:0} us, {tasks.BytesPerOperation / 1024:0.0} KB allocated per task; activation floor in this host (new grain + DeactivateOnIdle, no storage): {Report.N(run.Floor.PerSecond)}/s, p50 {Report.Ms(run.Floor.Percentile(50))}"));
        Console.WriteLine("  storage calls per task: " + string.Join(", ", run.Calls.OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {(double)c.Value / tasks.Operations:0.00}"))));
        if (run.Batches > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  group commit: {Report.N(run.RowWrites)} row writes in {Report.N(run.Batches)} batches ({(double)run.RowWrites / run.Batches:0.0} per batch)"));
        }
    }

    /// <summary>
    /// Runs <paramref name="baseline"/> (the database's own write rate, for half of <paramref name="duration"/>), then the
    /// silo: the storage alone, a warm-up, the tasks in <see cref="Rounds"/> rounds back to back and the activation floor;
    /// then, the silo stopped, <paramref name="baseline"/> again. The baseline is the mean of its two runs, one on each
    /// side of the figure, each with the database alone on the machine (an idle silo's own work, its stream pulls every
    /// 10 ms and its JIT's background compiles, took 0.1 – 0.27 of a core from the database when the baseline ran beside
    /// it, which made the ratio read higher).
    /// </summary>
    private static async Task<SiloRun> RunSiloAsync(Action<ISiloBuilder> backend, TimeSpan duration, Func<TimeSpan, Task<double>> baseline)
    {
        var half = TimeSpan.FromSeconds(Math.Max(2, Math.Ceiling(duration.TotalSeconds / 2)));
        var before = await baseline(half).ConfigureAwait(false);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = ("bench", $"bench-{Guid.NewGuid():N}"));
            silo.ConfigureEndpoints(IPAddress.Loopback, OrleansAgents.Tests.Shared.LoopbackPorts.Next(), OrleansAgents.Tests.Shared.LoopbackPorts.Next());
            silo.AddAgentInMemoryProviders();
            silo.AddAgentRuntime(o => o.StorageName = CountingStorage.Name);
            silo.AddAgent<NoopAgent>("noop");
            backend(silo);
            silo.Services.AddKeyedSingleton<IGrainStorage>(CountingStorage.Name, (sp, _) => new CountingStorage(sp.GetRequiredKeyedService<IGrainStorage>("Default")));
        });
        SiloRun run;
        using (var host = builder.Build())
        {
            await host.StartAsync().ConfigureAwait(false);
            try
            {
                var writes = await StateWritesAsync(host.Services.GetRequiredKeyedService<IGrainStorage>("Default"), duration).ConfigureAwait(false);
                var grains = host.Services.GetRequiredService<IGrainFactory>();
                // Warm-up (JIT tiering): a second of the floor's activations, then 3 s of tasks like the other harnesses, so
                // that the measured rounds follow tasks. (Round 1 still runs at about half the later rounds' CPU per task
                // while the thread pool's hill climbing probes 2 - 10 threads: benchmarks/README.md, session 15.)
                await TasksHarness.ActivationsAsync(grains, TimeSpan.FromSeconds(1)).ConfigureAwait(false);
                await ClientTasksAsync(grains, TimeSpan.FromSeconds(3)).ConfigureAwait(false);
                var writer = host.Services.GetService<PostgresStateTable>()?.Writer;
                CountingStorage.Calls.Clear();
                var batchesBefore = writer?.BatchesSent ?? 0;
                var tasks = new List<LoadResult>();
                for (var i = 0; i < Rounds; i++)
                {
                    tasks.Add(await ClientTasksAsync(grains, duration / Rounds).ConfigureAwait(false));
                }

                var calls = CountingStorage.Calls.ToDictionary();
                var batches = (writer?.BatchesSent ?? 0) - batchesBefore;
                var rowWrites = CountingStorage.RowWrites;

                // What a bare activation costs in this host (no storage): the part of a task's latency that is not the database.
                var floor = await TasksHarness.ActivationsAsync(grains, TimeSpan.FromSeconds(2)).ConfigureAwait(false);
                run = new SiloRun(tasks, [], calls, rowWrites, batches, writes, floor);
            }
            finally
            {
                await host.StopAsync().ConfigureAwait(false);
            }
        }

        var after = await baseline(half).ConfigureAwait(false);
        return run with { Baselines = [before, after] };
    }

    /// <summary>
    /// No-op agent tasks as an application runs them: each of <see cref="Concurrency"/> submitters is a user with an
    /// <see cref="AgentClient"/> and runs a task after another with <see cref="AgentClient.RunAsync"/> (a new id made by the
    /// client, submit, and a wait unless the submit answered with the end).
    /// </summary>
    private static Task<LoadResult> ClientTasksAsync(IGrainFactory grains, TimeSpan duration)
    {
        var clients = Enumerable.Range(0, Concurrency).Select(w => new AgentClient(grains, new AgentCaller($"user-{w}"), streams: null)).ToArray();
        return Load.RunAsync(Concurrency, duration, async w =>
        {
            var done = await clients[w].RunAsync("noop", 1, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            if (done.Status != AgentTaskStatus.Succeeded)
            {
                throw new InvalidOperationException($"Task {done.TaskId} ended {done.Status}: {done.Error}");
            }
        }, latencies: true);
    }

    /// <summary>The storage alone: <see cref="Concurrency"/> writers, each writing its own grain's state (~300 bytes) back to back.</summary>
    private static async Task<LoadResult> StateWritesAsync(IGrainStorage storage, TimeSpan duration)
    {
        var run = Guid.NewGuid().ToString("N");
        var states = Enumerable.Range(0, Concurrency).Select(w => (Grain: GrainId.Create("bench", $"{run}-{w}"), State: new GrainState<string>(new string('x', 300)))).ToArray();
        await Load.RunAsync(Concurrency, TimeSpan.FromSeconds(0.5), w => storage.WriteStateAsync("bench", states[w].Grain, states[w].State)).ConfigureAwait(false);
        return await Load.RunAsync(Concurrency, duration, w => storage.WriteStateAsync("bench", states[w].Grain, states[w].State), latencies: true).ConfigureAwait(false);
    }

    private sealed record SiloRun(IReadOnlyList<LoadResult> Tasks, IReadOnlyList<double> Baselines, IReadOnlyDictionary<string, long> Calls, long RowWrites, long Batches, LoadResult StateWrites, LoadResult Floor);
}
