using System.Text.RegularExpressions;
using Npgsql;
using OrleansAgents.Hosting;
using OrleansAgents.Providers.Tests.Servers;
using Xunit;

namespace OrleansAgents.Providers.Tests;

/// <summary>
/// The grain state functions of the Npgsql storage (schema version 4) and its writer's set-based insert, and the ADO.NET storage's queries, keep their
/// work per operation bounded by the batch (one state, for ADO.NET), however much the table grew after a session cached
/// their plans. The plans of the statements they run are read back with auto_explain (ANALYZE, nested statements, sent
/// to the client as notices): no plan node may have handled, or filtered out, more rows than the batch has operations,
/// nor scanned the table sequentially. A plan that walks the table (as version 3's did once a plan cached on an empty
/// table met 30,000 rows) fails this; so does one cached with index scans disabled (checked by hand: 20,001 rows
/// filtered out).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed partial class PostgresStatePlanTests(PostgresServer server)
{
    private const int Batch = 16;
    private const int GrownBy = 20_000;
    private const string ServiceId = "plans";

    [Fact]
    public async Task Reads_and_writes_stay_primary_key_lookups_after_the_table_grew_under_cached_plans()
    {
        var database = await server.CreateDatabaseAsync();
        await PostgresSchema.MigrateAsync(database, CancellationToken.None);
        var unpooled = new NpgsqlConnectionStringBuilder(database) { Pooling = false }.ConnectionString;
        await using var session = new NpgsqlConnection(unpooled);
        await session.OpenAsync();

        // Cache the plans while the table is empty: insert a batch, then update it more than five times (PostgreSQL
        // may switch a statement to a generic plan after five executions), reading it back each time.
        var keys = Enumerable.Range(1, Batch).Select(i => (long)i).ToArray();
        await WriteAsync(session, keys, expected: null);
        for (var version = 1; version <= 7; version++)
        {
            await WriteAsync(session, keys, expected: version);
            await ReadAsync(session, keys);
            await InsertAsync(session, [.. keys.Select(k => k + 300 + (version * Batch))]);
        }

        await GrowTableAsync(unpooled);
        var plans = await ExplainAsync(session);

        await WriteAsync(session, keys, expected: 8);
        await WriteAsync(session, [.. keys.Select(k => k + 100)], expected: null);
        Assert.Equal(Batch, await ReadAsync(session, keys));
        // The writer's set-based insert (a batch of writes with no ETag): new keys, then the same keys again (all conflict).
        Assert.Equal(Batch, await InsertAsync(session, [.. keys.Select(k => k + 200)]));
        Assert.Equal(0, await InsertAsync(session, [.. keys.Select(k => k + 200)]));

        AssertNoWalk(plans, Batch, $"a batch of {Batch}");
    }

    [Fact]
    public async Task The_adonet_storage_queries_stay_primary_key_lookups_after_the_table_grew_under_cached_plans()
    {
        // Orleans' ADO.NET grain storage (GrainStorage=AdoNet) runs the WriteToStorageKey and ReadFromStorageKey texts of
        // the OrleansQuery table, one state per command, with named parameters.
        var database = await server.CreateDatabaseAsync();
        await PostgresSchema.MigrateAsync(database, CancellationToken.None);
        var unpooled = new NpgsqlConnectionStringBuilder(database) { Pooling = false }.ConnectionString;
        await using var session = new NpgsqlConnection(unpooled);
        await session.OpenAsync();
        var write = await QueryTextAsync(session, "WriteToStorageKey");
        var read = await QueryTextAsync(session, "ReadFromStorageKey");

        // Cache the plans while the table holds one row: insert it, then update and read it more than five times.
        Assert.Equal(1, await AdoNetWriteAsync(session, write, key: 1, version: null));
        for (var version = 1; version <= 7; version++)
        {
            Assert.Equal(version + 1, await AdoNetWriteAsync(session, write, key: 1, version));
            Assert.Equal(version + 1, await AdoNetReadAsync(session, read, key: 1));
        }

        await GrowTableAsync(unpooled);
        var plans = await ExplainAsync(session);

        Assert.Equal(9, await AdoNetWriteAsync(session, write, key: 1, version: 8));
        Assert.Equal(1, await AdoNetWriteAsync(session, write, key: 2, version: null));
        Assert.Equal(9, await AdoNetReadAsync(session, read, key: 1));

        AssertNoWalk(plans, 1, "one state");
    }

    /// <summary>Adds <see cref="GrownBy"/> rows to the table, through another session than the one whose plans are cached.</summary>
    private static async Task GrowTableAsync(string connectionString)
    {
        await using var other = new NpgsqlConnection(connectionString);
        await other.OpenAsync();
        await using var grow = new NpgsqlCommand(
            $"INSERT INTO orleans_grain_state (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext, payload, version) " +
            $"SELECT '{ServiceId}', 'state', g, 0, '', '\\x00'::bytea, 1 FROM generate_series(1000, {1000 + GrownBy - 1}) g", other);
        Assert.Equal(GrownBy, await grow.ExecuteNonQueryAsync());
    }

    /// <summary>From now on the session's statements, nested ones included, send their analyzed plans as notices, collected here.</summary>
    private static async Task<List<string>> ExplainAsync(NpgsqlConnection session)
    {
        var plans = new List<string>();
        session.Notice += (_, e) => plans.Add(e.Notice.MessageText + "\n" + e.Notice.Detail);
        await ExecuteAsync(session, "LOAD 'auto_explain'");
        await ExecuteAsync(session, "SET auto_explain.log_min_duration = 0; SET auto_explain.log_analyze = on; SET auto_explain.log_nested_statements = on; SET client_min_messages = log");
        return plans;
    }

    /// <summary>
    /// No plan node handled, or filtered out, more than <paramref name="bound"/> rows, nor scanned the table: one row per
    /// node is also what a walk of the table that filters all but one row out shows, hence the filter and scan checks.
    /// </summary>
    private static void AssertNoWalk(List<string> plans, int bound, string per)
    {
        var rows = plans.SelectMany(p => ActualRows().Matches(p)).Select(m => int.Parse(m.Groups[1].Value)).ToList();
        Assert.True(rows.Count > 0, "auto_explain sent no plan: " + string.Join("\n", plans));
        Assert.True(rows.Max() <= bound, $"A plan node handled {rows.Max()} rows for {per}:\n" + string.Join("\n", plans.Where(p => ActualRows().Matches(p).Any(m => int.Parse(m.Groups[1].Value) > bound))));
        var filtered = plans.SelectMany(p => RemovedByFilter().Matches(p)).Select(m => int.Parse(m.Groups[1].Value)).DefaultIfEmpty(0).Max();
        Assert.True(filtered <= bound, $"A plan node filtered out {filtered} rows for {per}:\n" + string.Join("\n", plans));
        Assert.DoesNotContain(plans, p => p.Contains("Seq Scan on orleans_grain_state", StringComparison.Ordinal));
    }

    private static async Task<string> QueryTextAsync(NpgsqlConnection session, string key)
    {
        await using var command = new NpgsqlCommand("SELECT QueryText FROM OrleansQuery WHERE QueryKey = $1", session);
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<int?> AdoNetWriteAsync(NpgsqlConnection session, string text, long key, int? version)
    {
        await using var command = new NpgsqlCommand(text, session);
        AddKey(command, key);
        command.Parameters.Add(new NpgsqlParameter("PayloadBinary", NpgsqlTypes.NpgsqlDbType.Bytea) { Value = new byte[] { 1, 2, 3 } });
        command.Parameters.Add(new NpgsqlParameter("GrainStateVersion", NpgsqlTypes.NpgsqlDbType.Integer) { Value = (object?)version ?? DBNull.Value });
        await command.PrepareAsync();
        return await command.ExecuteScalarAsync() is int written ? written : null;
    }

    private static async Task<int?> AdoNetReadAsync(NpgsqlConnection session, string text, long key)
    {
        await using var command = new NpgsqlCommand(text, session);
        AddKey(command, key);
        await command.PrepareAsync();
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? reader.GetInt32(reader.GetOrdinal("Version")) : null;
    }

    private static void AddKey(NpgsqlCommand command, long key)
    {
        command.Parameters.Add(new NpgsqlParameter("ServiceId", NpgsqlTypes.NpgsqlDbType.Varchar) { Value = ServiceId });
        command.Parameters.Add(new NpgsqlParameter("GrainTypeString", NpgsqlTypes.NpgsqlDbType.Text) { Value = "state" });
        command.Parameters.Add(new NpgsqlParameter("GrainIdN0", NpgsqlTypes.NpgsqlDbType.Bigint) { Value = key });
        command.Parameters.Add(new NpgsqlParameter("GrainIdN1", NpgsqlTypes.NpgsqlDbType.Bigint) { Value = 0L });
        command.Parameters.Add(new NpgsqlParameter("GrainIdExtensionString", NpgsqlTypes.NpgsqlDbType.Text) { Value = DBNull.Value });
    }

    private static async Task WriteAsync(NpgsqlConnection session, long[] keys, int? expected)
    {
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleans_write_states($1, $2, $3, $4, $5, $6, $7, $8, $9)", session);
        command.Parameters.Add(new NpgsqlParameter { Value = ServiceId });
        command.Parameters.Add(new NpgsqlParameter { Value = Enumerable.Range(0, keys.Length).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = keys.Select(_ => (short)0).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = keys.Select(_ => "state").ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = keys });
        command.Parameters.Add(new NpgsqlParameter { Value = keys.Select(_ => 0L).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = keys.Select(_ => string.Empty).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = keys.Select(_ => new byte[] { 1, 2, 3 }).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = keys.Select(_ => expected).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Integer });
        await command.PrepareAsync();
        Assert.Equal((long)keys.Length, await command.ExecuteScalarAsync());
    }

    /// <summary>Runs the writer's insert statement for <paramref name="keys"/>, prepared as the writer's is; returns the rows it inserted.</summary>
    private static async Task<int> InsertAsync(NpgsqlConnection session, long[] keys)
    {
        await using var command = new NpgsqlCommand(PostgresStateWriter.InsertStatement, session);
        command.Parameters.Add(new NpgsqlParameter { Value = ServiceId, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Varchar });
        command.Parameters.Add(new NpgsqlParameter { Value = keys.Select(_ => "state").ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = keys, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = keys.Select(_ => 0L).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = keys.Select(_ => string.Empty).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = keys.Select(_ => new byte[] { 1, 2, 3 }).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bytea });
        await command.PrepareAsync();
        var inserted = 0;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            inserted++;
        }

        return inserted;
    }

    private static async Task<long> ReadAsync(NpgsqlConnection session, long[] keys)
    {
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleans_read_states($1, $2, $3, $4, $5, $6)", session);
        command.Parameters.Add(new NpgsqlParameter { Value = ServiceId });
        command.Parameters.Add(new NpgsqlParameter { Value = Enumerable.Range(0, keys.Length).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = keys.Select(_ => "state").ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = keys });
        command.Parameters.Add(new NpgsqlParameter { Value = keys.Select(_ => 0L).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = keys.Select(_ => string.Empty).ToArray() });
        await command.PrepareAsync();
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection session, string sql)
    {
        await using var command = new NpgsqlCommand(sql, session);
        await command.ExecuteNonQueryAsync();
    }

    [GeneratedRegex(@"actual time=[\d.]+\.\.[\d.]+ rows=(\d+)")]
    private static partial Regex ActualRows();

    [GeneratedRegex(@"Rows Removed by Filter: (\d+)")]
    private static partial Regex RemovedByFilter();
}
