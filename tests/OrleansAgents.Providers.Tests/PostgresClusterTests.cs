using System.Text.Json;
using Npgsql;
using OrleansAgents.Agents;
using OrleansAgents.Hosting;
using OrleansAgents.Providers.Tests.Servers;
using Xunit;

namespace OrleansAgents.Providers.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgresClusterTests(PostgresServer server)
{
    private static readonly TimeSpan TaskDeadline = TimeSpan.FromSeconds(30);

    /// <summary>Both grain storages, each reading back what the other wrote (they share the rows).</summary>
    [Theory]
    [InlineData(AgentPostgresGrainStorage.AdoNet, AgentPostgresGrainStorage.Npgsql)]
    [InlineData(AgentPostgresGrainStorage.Npgsql, AgentPostgresGrainStorage.AdoNet)]
    public async Task Agent_tasks_persist_in_postgres_and_survive_a_full_cluster_restart(AgentPostgresGrainStorage first, AgentPostgresGrainStorage second)
    {
        var database = await server.CreateDatabaseAsync();
        var (serviceId, clusterId) = ($"svc-{Guid.NewGuid():N}", $"cluster-{Guid.NewGuid():N}");
        var taskId = $"pg-{Guid.NewGuid():N}";
        int storedVersion;
        string generatedId;

        await using (var cluster = await StartAsync(database, serviceId, clusterId, migrateOnStart: true, first))
        {
            Assert.Equal(PostgresSchema.CurrentVersion, await PostgresSchema.GetVersionAsync(database, CancellationToken.None));
            Assert.Equal(1, await ScalarAsync<long>(database,
                "SELECT count(*) FROM orleans_cluster_silo WHERE deployment_id = @cluster AND status = 3", ("cluster", clusterId)));

            var agents = cluster.ClientFor("ada");
            await agents.SubmitAsync("echo", new { text = "kept in postgres" }, taskId);
            var done = await agents.WaitAsync(taskId, TaskDeadline);

            // A task given no id: the client makes one and says so, and the task is written without being read first.
            generatedId = (await agents.RunAsync("echo", new { text = "under a new id" }, TaskDeadline)).TaskId;

            // A task that outlasts the submit's inline-completion window joins the recovery index, whose shard registers
            // its sweep reminder (the echo above ends within the window and never does).
            var slow = await agents.RunAsync("slow", new Agents.Samples.SlowInput(1, 50), TaskDeadline, $"{taskId}-slow");
            Assert.Equal(AgentTaskStatus.Succeeded, slow.Status);

            Assert.Equal(AgentTaskStatus.Succeeded, done.Status);
            storedVersion = await ScalarAsync<int>(database,
                "SELECT version FROM orleans_grain_state WHERE service_id = @service AND grain_type = 'task' AND grain_id_ext = @task AND payload IS NOT NULL",
                ("service", serviceId), ("task", taskId));
            Assert.True(storedVersion >= 1);
            Assert.True(await ScalarAsync<long>(database,
                "SELECT count(*) FROM orleans_reminder WHERE service_id = @service AND reminder_name = 'sweep' AND grain_id LIKE '%recovery%'",
                ("service", serviceId)) >= 1, "the recovery index shard should have a reminder row");
        }

        Assert.Equal(6, await ScalarAsync<int>(database,
            "SELECT status FROM orleans_cluster_silo WHERE deployment_id = @cluster", ("cluster", clusterId)));

        // The database is the only thing the second cluster shares with the first.
        await PostgresSchema.MigrateAsync(database, CancellationToken.None);
        await using (var cluster = await StartAsync(database, serviceId, clusterId, migrateOnStart: false, second))
        {
            // A submit that wrongly claims the id is new reaches an activation that read nothing: its insert-only write
            // conflicts with the stored record, and it is answered with the stored task, which stays as it was.
            var repeat = await cluster.Client.GetGrain<IAgentTaskGrain>(taskId)
                .SubmitWithOutcomeAsync(AgentTaskRequest.For("echo", new { text = "kept in postgres" }, "ada") with { NewTaskId = true });
            Assert.False(repeat.Created);
            Assert.Equal(AgentTaskStatus.Succeeded, repeat.Task.Status);
            var after = await cluster.ClientFor("ada").GetAsync(taskId);
            Assert.Equal("under a new id", (await cluster.ClientFor("ada").GetAsync(generatedId)).Output!.Value.GetProperty("text").GetString());

            Assert.Equal(AgentTaskStatus.Succeeded, after.Status);
            Assert.Equal("kept in postgres", after.Output!.Value.GetProperty("text").GetString());
            Assert.Equal(storedVersion, await ScalarAsync<int>(database,
                "SELECT version FROM orleans_grain_state WHERE service_id = @service AND grain_type = 'task' AND grain_id_ext = @task",
                ("service", serviceId), ("task", taskId)));
        }
    }

    [Fact]
    public async Task A_silo_on_an_older_schema_that_nobody_migrated_refuses_to_start_and_says_what_to_run()
    {
        var database = await server.CreateDatabaseAsync();
        Assert.Equal(3, await PostgresSchema.MigrateAsync(database, 3, CancellationToken.None));

        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            StartAsync(database, $"svc-{Guid.NewGuid():N}", $"cluster-{Guid.NewGuid():N}", migrateOnStart: false));

        Assert.Contains("records OrleansAgents schema version 3; the Npgsql grain storage needs version 4 or newer. Migrate it", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(3, await PostgresSchema.GetVersionAsync(database, CancellationToken.None));
    }

    [Fact]
    public async Task A_silo_refuses_to_start_without_a_connection_string()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            StartAsync(string.Empty, $"svc-{Guid.NewGuid():N}", $"cluster-{Guid.NewGuid():N}", migrateOnStart: false));

        Assert.Contains($"{nameof(AgentPostgresOptions)}.{nameof(AgentPostgresOptions.ConnectionString)} must be set", error.ToString(), StringComparison.Ordinal);
    }

    private static Task<AgentCluster> StartAsync(string database, string serviceId, string clusterId, bool migrateOnStart,
        AgentPostgresGrainStorage grainStorage = AgentPostgresGrainStorage.Npgsql) =>
        AgentCluster.StartAsync(serviceId, clusterId,
            silo => silo.UseAgentPostgres(o => (o.ConnectionString, o.MigrateOnStart, o.GrainStorage) = (database, migrateOnStart, grainStorage)),
            client => client.UseAgentPostgresClustering(o => o.ConnectionString = database));

    private static async Task<T> ScalarAsync<T>(string database, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var result = await command.ExecuteScalarAsync();
        return result is T typed ? typed : throw new InvalidOperationException($"'{sql}' returned {result ?? "no row"}, not a {typeof(T).Name}.");
    }
}
