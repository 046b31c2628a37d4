using Npgsql;
using NpgsqlTypes;

namespace OrleansAgents.Hosting;

/// <summary>
/// The grain state rows of one silo's service in <c>orleans_grain_state</c>, shared by every Npgsql grain storage of
/// the silo: reads go straight to the database, writes, clears and deletes through the group-committing
/// <see cref="PostgresStateWriter"/>.
/// </summary>
internal sealed class PostgresStateTable : IAsyncDisposable
{
    private const string ReadStatement =
        "SELECT payload, version FROM orleans_grain_state WHERE service_id = $1 AND grain_type = $2 AND grain_id_n0 = $3 AND grain_id_n1 = $4 AND grain_id_ext = $5";

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _serviceId;

    public PostgresStateTable(AgentPostgresOptions options, string serviceId)
    {
        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            // The same two statements run all the time: let Npgsql prepare them on each connection.
            builder.ConnectionStringBuilder.MaxAutoPrepare = 8;
        }

        _dataSource = builder.Build();
        _serviceId = serviceId;
        Writer = new PostgresStateWriter(_dataSource, serviceId, options.WriteBatchSize, options.ConcurrentWriteBatches);
    }

    /// <summary>The group-committing writer.</summary>
    public PostgresStateWriter Writer { get; }

    /// <summary>Reads the row of <paramref name="key"/>: its payload (<c>null</c> after a clear) and version, or <c>null</c> when there is none.</summary>
    public async Task<(byte[]? Payload, int Version)?> ReadAsync(PostgresStateKey key)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var command = _dataSource.CreateCommand(ReadStatement);
                command.Parameters.Add(new NpgsqlParameter { Value = _serviceId, NpgsqlDbType = NpgsqlDbType.Varchar });
                command.Parameters.Add(new NpgsqlParameter { Value = key.StateName, NpgsqlDbType = NpgsqlDbType.Text });
                command.Parameters.Add(new NpgsqlParameter { Value = key.N0, NpgsqlDbType = NpgsqlDbType.Bigint });
                command.Parameters.Add(new NpgsqlParameter { Value = key.N1, NpgsqlDbType = NpgsqlDbType.Bigint });
                command.Parameters.Add(new NpgsqlParameter { Value = key.Extension, NpgsqlDbType = NpgsqlDbType.Text });
                await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
                if (!await reader.ReadAsync().ConfigureAwait(false))
                {
                    return null;
                }

                return (reader.IsDBNull(0) ? null : (byte[])reader.GetValue(0), reader.GetInt32(1));
            }
            catch (Exception exception) when (attempt == 1 && PostgresRetry.IsWorthOneRetry(exception, _dataSource))
            {
                // A connection closed by a restarted server: once more on a fresh one.
            }
        }
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
