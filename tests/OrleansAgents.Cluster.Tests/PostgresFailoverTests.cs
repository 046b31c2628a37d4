using OrleansAgents.Providers.Tests.Servers;
using Xunit.Abstractions;

namespace OrleansAgents.Cluster.Tests;

/// <summary>Three silos on a private PostgreSQL (clustering, storage, reminders), migrated by the silos as they start.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresFailoverTests(PostgresServer server, ITestOutputHelper log)
{
    private string? _connectionString;

    [Fact]
    public async Task A_killed_silo_loses_no_task_and_its_orphaned_tasks_run_again_within_seconds()
    {
        var (silo, client) = await BackendAsync();

        // 1,000 no-op tasks and 20 slow ones (30 steps of 200 ms).
        await FailoverScenario.KillOneSiloAsync(log, silo, client, tasks: 1_000, slow: 20, postgres: _connectionString);
    }

    [Fact]
    public async Task A_rolling_restart_under_load_fails_no_task()
    {
        var (silo, client) = await BackendAsync();

        await FailoverScenario.RollingRestartAsync(log, silo, client, tasks: 200, slow: 8);
    }

    private async Task<(string[] Silo, string[] Client)> BackendAsync()
    {
        var connectionString = _connectionString = await server.CreateDatabaseAsync();
        return (["--OrleansAgents:Storage:Provider=Postgres", $"--OrleansAgents:Postgres:ConnectionString={connectionString}"],
            ["--Clustering=Postgres", $"--ConnectionString={connectionString}"]);
    }
}
