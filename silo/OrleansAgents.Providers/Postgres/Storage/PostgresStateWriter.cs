using Npgsql;
using NpgsqlTypes;

namespace OrleansAgents.Hosting;

/// <summary>
/// Writes, clears and deletes of grain states, group-committed (<see cref="PostgresBatcher{TOperation}"/>): one call
/// of <c>orleans_write_states</c> per batch, one transaction. Each operation keeps its own ETag check: a conflict
/// fails that operation alone (its result is <c>null</c>), the others land.
/// </summary>
internal sealed class PostgresStateWriter(NpgsqlDataSource dataSource, string serviceId, int maxBatchSize, int maxConcurrentBatches)
    : PostgresBatcher<PostgresStateOperation>(dataSource, maxBatchSize, maxConcurrentBatches)
{
    private const string Statement = "SELECT op_ord, new_version FROM orleans_write_states($1, $2, $3, $4, $5, $6, $7, $8, $9)";

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
        var count = batch.Count;
        var (ords, ops, types, n0, n1, ext, payloads, expected) =
            (new int[count], new short[count], new string[count], new long[count], new long[count], new string[count], new byte[]?[count], new int?[count]);
        for (var i = 0; i < count; i++)
        {
            var operation = batch[i];
            (ords[i], ops[i], types[i]) = (i, operation.Delete ? (short)1 : (short)0, operation.Key.StateName);
            (n0[i], n1[i], ext[i]) = (operation.Key.N0, operation.Key.N1, operation.Key.Extension);
            (payloads[i], expected[i]) = (operation.Payload, operation.ExpectedVersion);
        }

        await using var command = DataSource.CreateCommand(Statement);
        command.Parameters.Add(new NpgsqlParameter { Value = serviceId, NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.Add(new NpgsqlParameter { Value = ords, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = ops, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint });
        command.Parameters.Add(new NpgsqlParameter { Value = types, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = n0, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = n1, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = ext, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = payloads, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter { Value = expected, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        var versions = new Dictionary<int, int>(count);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            versions[reader.GetInt32(0)] = reader.GetInt32(1);
        }

        for (var i = 0; i < count; i++)
        {
            batch[i].Completion.TrySetResult(versions.TryGetValue(i, out var version) ? version : null);
        }
    }
}
