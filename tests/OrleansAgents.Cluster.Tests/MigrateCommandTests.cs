using Npgsql;
using OrleansAgents.Providers.Tests.Servers;

namespace OrleansAgents.Cluster.Tests;

/// <summary>The operator command <c>dotnet OrleansAgents.Silo.dll migrate</c> against a real PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MigrateCommandTests(PostgresServer server)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Migrate_applies_the_schema_once_and_exits_with_code_0()
    {
        var connectionString = await server.CreateDatabaseAsync();
        string[] args = ["migrate", $"--OrleansAgents:Postgres:ConnectionString={connectionString}"];

        await using (var first = ChildProcess.StartSilo(args))
        {
            Assert.True(await first.WaitForExitAsync(Timeout) == 0, first.Transcript);
            Assert.Contains("migrated: schema version 0 -> 4", first.Output);
        }

        await using (var second = ChildProcess.StartSilo(args))
        {
            Assert.True(await second.WaitForExitAsync(Timeout) == 0, second.Transcript);
            Assert.Contains("migrated: schema version 4 (already current)", second.Output);
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var versions = new NpgsqlCommand("SELECT count(*) FROM orleans_agents_schema", connection);
        Assert.Equal(4L, await versions.ExecuteScalarAsync());
    }
}
