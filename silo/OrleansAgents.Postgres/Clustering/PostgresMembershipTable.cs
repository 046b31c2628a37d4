using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OrleansAgents.Hosting;
using OrleansAgents.Runtime;

namespace OrleansAgents.Postgres;

/// <summary>
/// The membership table in PostgreSQL: one row per (cluster id, silo address). A dead row is final: the upsert
/// leaves it alone and reports so, and declaring a silo dead changes only a row that is not dead yet, so
/// exactly one of several silos declaring the same silo dead at once is told it did. The table does not push
/// change notifications; silos see changes at their next probe round.
/// </summary>
internal sealed class PostgresMembershipTable : IMembershipTable, IDisposable, IAsyncDisposable
{
    private const string Ddl = """
        CREATE TABLE IF NOT EXISTS {0} (
            cluster_id      text        NOT NULL,
            silo_address    text        NOT NULL,
            silo_name       text        NOT NULL,
            status          text        NOT NULL,
            start_time      timestamptz NOT NULL,
            i_am_alive_time timestamptz NOT NULL,
            PRIMARY KEY (cluster_id, silo_address))
        """;

    private static readonly string Dead = nameof(SiloStatus.Dead);
    private readonly PostgresDatabase _db;
    private readonly string _clusterId;

    public PostgresMembershipTable(IOptions<PostgresClusteringOptions> options, ILogger<PostgresMembershipTable> logger)
    {
        var value = options.Value;
        _clusterId = value.ClusterId ?? throw new InvalidOperationException($"{nameof(PostgresClusteringOptions)}.{nameof(PostgresClusteringOptions.ClusterId)} is not set.");
        _db = new PostgresDatabase($"PostgreSQL membership table (cluster '{_clusterId}')", value, value.TableName, Ddl, logger);
    }

    public Task InitializeAsync(CancellationToken cancellationToken) =>
        _db.RunAsync("create its table", static _ => Task.CompletedTask, cancellationToken);

    public Task<IReadOnlyList<MembershipEntry>> ReadAllAsync(CancellationToken cancellationToken) =>
        _db.RunAsync<IReadOnlyList<MembershipEntry>>("read the membership rows", async token =>
        {
            await using var command = Command($"SELECT silo_address, silo_name, status, start_time, i_am_alive_time FROM {_db.Table} WHERE cluster_id = @cluster", null);
            await using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            var rows = new List<MembershipEntry>();
            while (await reader.ReadAsync(token).ConfigureAwait(false))
            {
                rows.Add(new MembershipEntry(
                    SiloAddress.Parse(reader.GetString(0)),
                    reader.GetString(1),
                    Enum.Parse<SiloStatus>(reader.GetString(2)),
                    reader.GetFieldValue<DateTimeOffset>(3),
                    reader.GetFieldValue<DateTimeOffset>(4)));
            }

            return rows;
        }, cancellationToken);

    public Task<bool> UpsertAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return _db.RunAsync($"write the row of silo {entry.Silo}", async token =>
        {
            await using var command = Command(
                $"""
                INSERT INTO {_db.Table} AS m (cluster_id, silo_address, silo_name, status, start_time, i_am_alive_time)
                VALUES (@cluster, @silo, @name, @status, @start, @alive)
                ON CONFLICT (cluster_id, silo_address) DO UPDATE SET silo_name = EXCLUDED.silo_name, status = EXCLUDED.status,
                    start_time = EXCLUDED.start_time, i_am_alive_time = EXCLUDED.i_am_alive_time
                WHERE m.status <> @dead
                RETURNING 1
                """,
                entry.Silo);
            command.Parameters.AddWithValue("name", entry.SiloName);
            command.Parameters.AddWithValue("status", entry.Status.ToString());
            command.Parameters.AddWithValue("start", entry.StartTime.ToUniversalTime());
            command.Parameters.AddWithValue("alive", entry.IAmAliveTime.ToUniversalTime());
            command.Parameters.AddWithValue("dead", Dead);
            return await command.ExecuteScalarAsync(token).ConfigureAwait(false) is not null;
        }, cancellationToken);
    }

    public Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return _db.RunAsync($"write the heartbeat of silo {silo}", async token =>
        {
            await using var command = Command($"UPDATE {_db.Table} SET i_am_alive_time = @alive WHERE cluster_id = @cluster AND silo_address = @silo", silo);
            command.Parameters.AddWithValue("alive", time.ToUniversalTime());
            await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task<bool> DeclareDeadAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return _db.RunAsync($"declare silo {silo} dead", async token =>
        {
            await using var command = Command($"UPDATE {_db.Table} SET status = @dead WHERE cluster_id = @cluster AND silo_address = @silo AND status <> @dead", silo);
            command.Parameters.AddWithValue("dead", Dead);
            return await command.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 1;
        }, cancellationToken);
    }

    public void Dispose() => _db.Dispose();

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private NpgsqlCommand Command(string sql, SiloAddress? silo)
    {
        var command = _db.CreateCommand(sql);
        command.Parameters.AddWithValue("cluster", _clusterId);
        if (silo is not null)
        {
            command.Parameters.AddWithValue("silo", silo.ToString());
        }

        return command;
    }
}
