using Npgsql;
using OrleansAgents.Hosting;
using OrleansAgents.Providers.Tests.Servers;
using Xunit;

namespace OrleansAgents.Providers.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgresSchemaTests(PostgresServer server)
{
    private static readonly string[] QueryKeys =
    [
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey",
        "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey",
        "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    private static CancellationToken Deadline => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    [Fact]
    public async Task Migration_creates_every_query_key_of_the_three_providers()
    {
        var database = await server.CreateDatabaseAsync();

        var version = await PostgresSchema.MigrateAsync(database, Deadline);

        Assert.Equal(PostgresSchema.CurrentVersion, version);
        Assert.Equal(20, QueryKeys.Length);
        Assert.Equal(QueryKeys.Order(StringComparer.Ordinal), await QueryKeysIn(database));
        Assert.Equal(PostgresSchema.CurrentVersion, await PostgresSchema.GetVersionAsync(database, Deadline));
    }

    [Fact]
    public async Task Migration_is_idempotent()
    {
        var database = await server.CreateDatabaseAsync();
        await PostgresSchema.MigrateAsync(database, Deadline);

        var again = await PostgresSchema.MigrateAsync(database, Deadline);

        Assert.Equal(PostgresSchema.CurrentVersion, again);
        Assert.Equal(Enumerable.Range(1, PostgresSchema.CurrentVersion), await AppliedVersions(database));
        Assert.Equal(QueryKeys.Order(StringComparer.Ordinal), await QueryKeysIn(database));
    }

    [Fact]
    public async Task Concurrent_migrations_apply_each_version_once()
    {
        var database = await server.CreateDatabaseAsync();

        var versions = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PostgresSchema.MigrateAsync(database, Deadline))));

        Assert.All(versions, v => Assert.Equal(PostgresSchema.CurrentVersion, v));
        Assert.Equal(Enumerable.Range(1, PostgresSchema.CurrentVersion), await AppliedVersions(database));
        Assert.Equal(20, (await QueryKeysIn(database)).Count);
    }

    [Fact]
    public async Task An_older_schema_is_migrated_to_the_current_version()
    {
        var database = await server.CreateDatabaseAsync();
        Assert.Equal(1, await PostgresSchema.MigrateAsync(database, 1, Deadline));
        Assert.Empty(await QueryKeysIn(database));

        var version = await PostgresSchema.MigrateAsync(database, Deadline);

        Assert.Equal(PostgresSchema.CurrentVersion, version);
        Assert.Equal(20, (await QueryKeysIn(database)).Count);
    }

    [Fact]
    public async Task A_newer_schema_is_refused_and_left_alone()
    {
        var database = await server.CreateDatabaseAsync();
        await PostgresSchema.MigrateAsync(database, Deadline);
        var newer = PostgresSchema.CurrentVersion + 1;
        await ExecuteAsync(database, $"INSERT INTO {PostgresSchema.VersionTable} (version, description) VALUES ({newer}, 'from the future')");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresSchema.MigrateAsync(database, Deadline));

        Assert.Contains($"schema version {newer}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"newer than version {PostgresSchema.CurrentVersion}", error.Message, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(1, newer), await AppliedVersions(database));
    }

    internal static async Task<List<string>> QueryKeysIn(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT QueryKey FROM OrleansQuery WHERE QueryKey IS NOT NULL ORDER BY QueryKey COLLATE \"C\"", connection);
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    private static async Task<List<int>> AppliedVersions(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT version FROM {PostgresSchema.VersionTable} ORDER BY version", connection);
        var versions = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
