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
        var inserts = new List<PostgresStateOperation>(batch.Count);
        var checkedOps = new List<PostgresStateOperation>();
        foreach (var operation in batch)
        {
            operation.Result = null; // A retried batch reads every result again.
            (IsInsert(operation) ? inserts : checkedOps).Add(operation);
        }

        await using var commands = DataSource.CreateBatch();
        if (checkedOps.Count > 0)
        {
            commands.BatchCommands.Add(CheckedCommand(checkedOps));
        }

        if (inserts.Count > 0)
        {
            commands.BatchCommands.Add(InsertCommand(inserts));
        }

        await using (var reader = await commands.ExecuteReaderAsync().ConfigureAwait(false))
        {
            if (checkedOps.Count > 0)
            {
                var versions = new int?[checkedOps.Count];
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    versions[reader.GetInt32(0)] = reader.GetInt32(1);
                }

                for (var i = 0; i < checkedOps.Count; i++)
                {
                    checkedOps[i].Result = versions[i];
                }

                await reader.NextResultAsync().ConfigureAwait(false);
            }

            if (inserts.Count > 0)
            {
                var byKey = inserts.Count > 8 ? inserts.ToDictionary(o => o.Key) : null;
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    var key = new PostgresStateKey(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3));
                    var inserted = byKey is null ? inserts.Find(o => o.Key == key) : byKey.GetValueOrDefault(key);
                    inserted?.Result = 1;
                }
            }
        }

        // Completed once the transaction has committed (the reader's end): every operation, landed or not.
        foreach (var operation in batch)
        {
            operation.Completion.TrySetResult(operation.Result);
        }
    }

    private static bool IsInsert(PostgresStateOperation operation) => !operation.Delete && operation.ExpectedVersion is null;

    private NpgsqlBatchCommand CheckedCommand(List<PostgresStateOperation> operations)
    {
        var count = operations.Count;
        var (ords, ops, types, n0, n1, ext, payloads, expected) =
            (new int[count], new short[count], new string[count], new long[count], new long[count], new string[count], new byte[]?[count], new int?[count]);
        for (var i = 0; i < count; i++)
        {
            var operation = operations[i];
            (ords[i], ops[i], types[i]) = (i, operation.Delete ? (short)1 : (short)0, operation.Key.StateName);
            (n0[i], n1[i], ext[i]) = (operation.Key.N0, operation.Key.N1, operation.Key.Extension);
            (payloads[i], expected[i]) = (operation.Payload, operation.ExpectedVersion);
        }

        var command = new NpgsqlBatchCommand(Statement);
        command.Parameters.Add(new NpgsqlParameter { Value = serviceId, NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.Add(new NpgsqlParameter { Value = ords, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = ops, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint });
        command.Parameters.Add(new NpgsqlParameter { Value = types, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = n0, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = n1, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = ext, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = payloads, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter { Value = expected, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        return command;
    }

    private NpgsqlBatchCommand InsertCommand(List<PostgresStateOperation> operations)
    {
        var count = operations.Count;
        var (types, n0, n1, ext, payloads) = (new string[count], new long[count], new long[count], new string[count], new byte[]?[count]);
        for (var i = 0; i < count; i++)
        {
            var key = operations[i].Key;
            (types[i], n0[i], n1[i], ext[i], payloads[i]) = (key.StateName, key.N0, key.N1, key.Extension, operations[i].Payload);
        }

        var command = new NpgsqlBatchCommand(InsertStatement);
        command.Parameters.Add(new NpgsqlParameter { Value = serviceId, NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.Add(new NpgsqlParameter { Value = types, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = n0, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = n1, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = ext, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = payloads, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        return command;
    }
}
