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

    public static async Task RunAsync(TimeSpan duration, bool durablePostgres, string? only, int? concurrentBatches)
    {
        if (only is "memory")
        {
            // The same host on Orleans' memory storage: what the host and the task cost without a database.
            Report.Section($"durable: memory storage (no database), 1 silo, {Concurrency} submitters");
            var memory = await RunSiloAsync(silo => silo.UseLocalhostClustering(OrleansAgents.Tests.Shared.LoopbackPorts.Next(), OrleansAgents.Tests.Shared.LoopbackPorts.Next()), duration).ConfigureAwait(false);
            Report.Figure("no-op tasks/s, memory storage, this host", Report.N(memory.Tasks.PerSecond) + "/s", $"activation floor in this host {Report.N(memory.Floor.PerSecond)}/s", memory.Tasks.PerSecond / memory.Floor.PerSecond,
                $"p50 {Report.Ms(memory.Tasks.Percentile(50))}, p99 {Report.Ms(memory.Tasks.Percentile(99))}; floor p50 {Report.Ms(memory.Floor.Percentile(50))}");
            return;
        }

        var settings = durablePostgres ? "-c fsync=on -c synchronous_commit=on" : "-c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        Report.Section($"durable: PostgreSQL ({settings}), 1 silo, {Concurrency} submitters; baseline pgbench -c {Concurrency} single-row INSERT");
        if (only is "redis")
        {
            goto Redis;
        }

        var postgres = new PostgresServer(settings);
        await postgres.InitializeAsync().ConfigureAwait(false);
        try
        {
            var database = await postgres.CreateDatabaseAsync().ConfigureAwait(false);
            await PostgresSchema.MigrateAsync(database, CancellationToken.None).ConfigureAwait(false);
            await PgBench.PrepareAsync(database).ConfigureAwait(false);
            foreach (var storage in new[] { AgentPostgresGrainStorage.Npgsql, AgentPostgresGrainStorage.AdoNet })
            {
                var tps = await PgBench.RunAsync(postgres, database, Concurrency, duration).ConfigureAwait(false);
                var run = await RunSiloAsync(silo => silo.UseAgentPostgres(o =>
                {
                    (o.ConnectionString, o.GrainStorage) = (database, storage);
                    o.ConcurrentWriteBatches = concurrentBatches ?? o.ConcurrentWriteBatches;
                }), duration).ConfigureAwait(false);
                Print($"no-op tasks/s, PostgreSQL, {storage} grain storage", run, "pgbench INSERT", tps);
            }
        }
        finally
        {
            await postgres.DisposeAsync().ConfigureAwait(false);
        }

        Redis:
        if (only is "postgres")
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
                var rps = await RedisBenchmark.RunAsync(redis.ConnectionString, Concurrency, duration).ConfigureAwait(false);
                var run = await RunSiloAsync(silo => silo.UseAgentRedis(o => o.ConnectionString = redis.ConnectionString), duration).ConfigureAwait(false);
                Print($"no-op tasks/s, Redis, AOF {fsync}", run, "redis-benchmark SET", rps);
            }
            finally
            {
                await redis.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static void Print(string name, SiloRun run, string baselineName, double baselineRate)
    {
        var writes = run.StateWrites;
        Report.Figure($"  state writes/s, {Concurrency} writers (storage alone)", Report.N(writes.PerSecond) + "/s", $"{baselineName} {Report.N(baselineRate)}/s", writes.PerSecond / baselineRate,
            $"p50 {Report.Ms(writes.Percentile(50))}, p99 {Report.Ms(writes.Percentile(99))}");
        var writesPerTask = (double)run.RowWrites / run.Tasks.Operations;
        var expected = baselineRate / writesPerTask;
        var ratio = run.Tasks.PerSecond / expected;
        Report.Figure(name, Report.N(run.Tasks.PerSecond) + "/s",
            string.Create(CultureInfo.InvariantCulture, $"{baselineName} {Report.N(baselineRate)}/s / {writesPerTask:0.00} writes per task = {Report.N(expected)}/s"), ratio,
            $"target >= {Target}x: {(ratio >= Target ? "met" : "NOT met")}; p50 {Report.Ms(run.Tasks.Percentile(50))}, p99 {Report.Ms(run.Tasks.Percentile(99))}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  activation floor in this host (new grain + DeactivateOnIdle, no storage): {Report.N(run.Floor.PerSecond)}/s, p50 {Report.Ms(run.Floor.Percentile(50))}"));
        Console.WriteLine("  storage calls per task: " + string.Join(", ", run.Calls.OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {(double)c.Value / run.Tasks.Operations:0.00}"))));
        if (run.Batches > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  group commit: {Report.N(run.RowWrites)} row writes in {Report.N(run.Batches)} batches ({(double)run.RowWrites / run.Batches:0.0} per batch)"));
        }
    }

    private static async Task<SiloRun> RunSiloAsync(Action<ISiloBuilder> backend, TimeSpan duration)
    {
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
        using var host = builder.Build();
        await host.StartAsync().ConfigureAwait(false);
        try
        {
            var writes = await StateWritesAsync(host.Services.GetRequiredKeyedService<IGrainStorage>("Default"), duration).ConfigureAwait(false);
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            // Warm-up (JIT tiering), 3 s like the other harnesses.
            await TasksHarness.TasksAsync(grains, TimeSpan.FromSeconds(3)).ConfigureAwait(false);
            await TasksHarness.ActivationsAsync(grains, TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            var writer = host.Services.GetService<PostgresStateTable>()?.Writer;
            CountingStorage.Calls.Clear();
            var batchesBefore = writer?.BatchesSent ?? 0;
            var tasks = await TasksHarness.TasksAsync(grains, duration).ConfigureAwait(false);
            var calls = CountingStorage.Calls.ToDictionary();
            var batches = (writer?.BatchesSent ?? 0) - batchesBefore;
            var rowWrites = CountingStorage.RowWrites;

            // What a bare activation costs in this host (no storage): the part of a task's latency that is not the database.
            var floor = await TasksHarness.ActivationsAsync(grains, TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            return new SiloRun(tasks, calls, rowWrites, batches, writes, floor);
        }
        finally
        {
            await host.StopAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The storage alone: <see cref="Concurrency"/> writers, each writing its own grain's state (~300 bytes) back to back.</summary>
    private static async Task<LoadResult> StateWritesAsync(IGrainStorage storage, TimeSpan duration)
    {
        var run = Guid.NewGuid().ToString("N");
        var states = Enumerable.Range(0, Concurrency).Select(w => (Grain: GrainId.Create("bench", $"{run}-{w}"), State: new GrainState<string>(new string('x', 300)))).ToArray();
        await Load.RunAsync(Concurrency, TimeSpan.FromSeconds(0.5), w => storage.WriteStateAsync("bench", states[w].Grain, states[w].State)).ConfigureAwait(false);
        return await Load.RunAsync(Concurrency, duration, w => storage.WriteStateAsync("bench", states[w].Grain, states[w].State), latencies: true).ConfigureAwait(false);
    }

    private sealed record SiloRun(LoadResult Tasks, IReadOnlyDictionary<string, long> Calls, long RowWrites, long Batches, LoadResult StateWrites, LoadResult Floor);
}
