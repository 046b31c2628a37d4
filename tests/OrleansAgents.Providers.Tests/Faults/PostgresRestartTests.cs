using System.Collections.Concurrent;
using Npgsql;
using OrleansAgents.Agents;
using OrleansAgents.Hosting;
using OrleansAgents.Providers.Tests.Servers;
using OrleansAgents.Providers.Tests.Storage;
using Orleans.Storage;
using Xunit;

namespace OrleansAgents.Providers.Tests.Faults;

/// <summary>
/// A PostgreSQL server that stops and starts again under the storage and under a running silo: on a server of their
/// own (a class fixture), so the other PostgreSQL tests never see it go down.
/// </summary>
public sealed class PostgresRestartTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_write_while_the_database_is_down_fails_clearly_and_the_next_write_after_the_restart_succeeds()
    {
        await using var storage = await NpgsqlStorage.CreateAsync(await server.CreateDatabaseAsync());
        var grain = NpgsqlStorage.Grain("outage");
        var state = new GrainState<List<string>>(["before the outage"]);
        await storage.Storage.WriteStateAsync("state", grain, state);

        await server.StopAsync();
        PostgresGrainStorageException error;
        try
        {
            state.State!.Add("during the outage");
            error = await Assert.ThrowsAsync<PostgresGrainStorageException>(() => storage.Storage.WriteStateAsync("state", grain, state));
            await Assert.ThrowsAsync<PostgresGrainStorageException>(() => storage.ReadAsync(grain));
        }
        finally
        {
            await server.StartAsync();
        }

        Assert.StartsWith($"PostgreSQL grain storage 'Default' could not write state 'state' of grain {grain}: ", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<NpgsqlException>(error.DriverException);
        Assert.Null(error.InnerException); // Npgsql's exceptions have no Orleans codec: inside this one they broke its way to a caller

        Assert.Equal("1", state.ETag);

        // The pool's connections died with the server; the storage starts over on fresh ones.
        state.State!.Add("after the restart");
        await storage.Storage.WriteStateAsync("state", grain, state);
        Assert.Equal("2", state.ETag);
        Assert.Equal(["before the outage", "during the outage", "after the restart"], (await storage.ReadAsync(grain)).State);
    }

    [Theory]
    [InlineData(AgentPostgresGrainStorage.Npgsql)]
    [InlineData(AgentPostgresGrainStorage.AdoNet)]
    public async Task A_silo_recovers_from_a_database_restart_under_load_with_no_manual_step(AgentPostgresGrainStorage grainStorage)
    {
        var database = await server.CreateDatabaseAsync();
        await using var cluster = await AgentCluster.StartAsync($"svc-{Guid.NewGuid():N}", $"cluster-{Guid.NewGuid():N}",
            silo => silo.UseAgentPostgres(o => (o.ConnectionString, o.MigrateOnStart, o.GrainStorage) = (database, true, grainStorage)),
            client => client.UseAgentPostgresClustering(o => o.ConnectionString = database));
        var agents = cluster.ClientFor("ada");
        using var stopLoad = new CancellationTokenSource();
        var failures = new ConcurrentBag<string>();
        var completed = 0;
        var load = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; !stopLoad.IsCancellationRequested; i++)
            {
                try
                {
                    var task = await agents.SubmitAsync("echo", new { text = $"load {worker}-{i}" }, $"load-{worker}-{i}-{Guid.NewGuid():N}");
                    await agents.WaitAsync(task.TaskId, TimeSpan.FromSeconds(10));
                    Interlocked.Increment(ref completed);
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    // Calls fail while the database is down; the point is what happens after.
                    failures.Add(exception.GetType().Name);
                }
            }
        })).ToList();

        await WaitUntilAsync(() => Volatile.Read(ref completed) >= 20, "20 tasks completed before the restart");
        await server.StopAsync();
        await server.StartAsync();
        var restartedAt = Volatile.Read(ref completed);

        // Submitted after the restart: every one completes, with no step taken on the silo.
        var after = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            agents.SubmitAsync("echo", new { text = $"after {i}" }, $"after-{i}-{Guid.NewGuid():N}")));
        var ended = await Task.WhenAll(after.Select(t => agents.WaitAsync(t.TaskId, Deadline)));
        await stopLoad.CancelAsync();
        await Task.WhenAll(load);

        Assert.All(ended, t => Assert.Equal(AgentTaskStatus.Succeeded, t.Status));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"after {i}"), ended.Select(t => t.Output!.Value.GetProperty("text").GetString()));
        Assert.True(Volatile.Read(ref completed) > restartedAt, "The load loop completed no task after the restart.");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Not within {Deadline}: {what}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }
}
