using Npgsql;
using NpgsqlTypes;

namespace OrleansAgents.Hosting;

/// <summary>
/// Writes, clears and deletes of grain states, group-committed (<see cref="PostgresBatcher{TOperation}"/>): one round
/// trip and one transaction per batch. Inserts (a write with no ETag: the state must have no row yet, as a new task's
/// first write) go as one set-based <c>INSERT … SELECT FROM unnest(…) ON CONFLICT DO NOTHING</c>; the other
/// operations as one call of <c>orleans_write_states</c>, which checks each one's ETag on its own row; a batch holding
/// both sends both statements in one Npgsql batch (one Sync: one implicit transaction). Each operation keeps its own
/// check: a conflict fails that operation alone (its result is <c>null</c>), the others land.
/// </summary>
internal sealed class PostgresStateWriter(NpgsqlDataSource dataSource, string serviceId, int maxBatchSize, int maxConcurrentBatches)
    : PostgresBatcher<PostgresStateOperation>(dataSource, maxBatchSize, maxConcurrentBatches)
{
    private const string Statement = "SELECT op_ord, new_version FROM orleans_write_states($1, $2, $3, $4, $5, $6, $7, $8, $9)";

    // No join with the table (so no plan that a nearly empty table could make slow, see schema version 4): the primary
    // key is the conflict arbiter. The rows returned are the ones inserted, named by key (a batch's keys are distinct).
    internal const string InsertStatement =
        "INSERT INTO orleans_grain_state AS s (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext, payload, version) "
        + "SELECT $1, i.grain_type, i.n0, i.n1, i.ext, i.payload, 1 FROM unnest($2, $3, $4, $5, $6) AS i (grain_type, n0, n1, ext, payload) "
        + "ON CONFLICT DO NOTHING RETURNING s.grain_type, s.grain_id_n0, s.grain_id_n1, s.grain_id_ext";

    /// <summary>Queues <paramref name="operation"/> for the next batch; returns when its batch has committed.</summary>
    public Task<int?> ApplyAsync(PostgresStateOperation operation)
    {
        Enqueue(operation);
        return operation.Completion.Task;
    }

    protected override PostgresStateKey KeyOf(PostgresStateOperation operation) => operation.Key;

    protected override void Fail(PostgresStateOperation operation, Exception exception) => operation.Completion.TrySetException(exception);

    protected override async Task SendAsync(List<PostgresStateOperation> batch)
    {
        var inserts = batch.Where(IsInsert).ToList();
        var checkedOps = batch.Where(o => !IsInsert(o)).ToList();
        await using var commands = DataSource.CreateBatch();
        if (checkedOps.Count > 0)
        {
            commands.BatchCommands.Add(CheckedCommand(checkedOps));
        }

        if (inserts.Count > 0)
        {
            commands.BatchCommands.Add(InsertCommand(inserts));
        }

        var versions = new int?[checkedOps.Count];
        var inserted = new HashSet<PostgresStateKey>();
        await using (var reader = await commands.ExecuteReaderAsync().ConfigureAwait(false))
        {
            if (checkedOps.Count > 0)
            {
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    versions[reader.GetInt32(0)] = reader.GetInt32(1);
                }

                await reader.NextResultAsync().ConfigureAwait(false);
            }

            while (inserts.Count > 0 && await reader.ReadAsync().ConfigureAwait(false))
            {
                inserted.Add(new PostgresStateKey(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3)));
            }
        }

        // Completed once the transaction has committed (the reader's end): every operation, landed or not.
        for (var i = 0; i < checkedOps.Count; i++)
        {
            checkedOps[i].Completion.TrySetResult(versions[i]);
        }

        foreach (var insert in inserts)
        {
            insert.Completion.TrySetResult(inserted.Contains(insert.Key) ? 1 : null);
        }
    }

    private static bool IsInsert(PostgresStateOperation operation) => !operation.Delete && operation.ExpectedVersion is null;

    private NpgsqlBatchCommand CheckedCommand(List<PostgresStateOperation> operations)
    {
        var command = new NpgsqlBatchCommand(Statement);
        command.Parameters.Add(new NpgsqlParameter { Value = serviceId, NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.Add(new NpgsqlParameter { Value = Enumerable.Range(0, operations.Count).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = operations.Select(o => o.Delete ? (short)1 : (short)0).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint });
        PostgresStateKey.AddParameters(command.Parameters, operations.Select(o => o.Key));
        command.Parameters.Add(new NpgsqlParameter { Value = operations.Select(o => o.Payload).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter { Value = operations.Select(o => o.ExpectedVersion).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        return command;
    }

    private NpgsqlBatchCommand InsertCommand(List<PostgresStateOperation> operations)
    {
        var command = new NpgsqlBatchCommand(InsertStatement);
        command.Parameters.Add(new NpgsqlParameter { Value = serviceId, NpgsqlDbType = NpgsqlDbType.Varchar });
        PostgresStateKey.AddParameters(command.Parameters, operations.Select(o => o.Key));
        command.Parameters.Add(new NpgsqlParameter { Value = operations.Select(o => o.Payload).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        return command;
    }
}
