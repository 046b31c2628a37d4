using Npgsql;
using NpgsqlTypes;

namespace OrleansAgents.Hosting;

/// <summary>
/// Reads of grain states, batched like the writes (<see cref="PostgresBatcher{TOperation}"/>): concurrent activations'
/// reads go as one call of <c>orleans_read_states</c> (schema version 4). Each read completes with its row's payload (<c>null</c> after a clear) and version, or
/// <c>null</c> when the state has no row.
/// </summary>
internal sealed class PostgresStateReader(NpgsqlDataSource dataSource, string serviceId, int maxBatchSize, int maxConcurrentBatches)
    : PostgresBatcher<PostgresStateReader.Read>(dataSource, maxBatchSize, maxConcurrentBatches)
{
    private const string Statement = "SELECT ord, payload, version FROM orleans_read_states($1, $2, $3, $4, $5, $6)";

    /// <summary>Reads the row of <paramref name="key"/> in the next batch.</summary>
    public Task<(byte[]? Payload, int Version)?> ReadAsync(PostgresStateKey key)
    {
        var read = new Read(key);
        Enqueue(read);
        return read.Completion.Task;
    }

    protected override PostgresStateKey KeyOf(Read operation) => operation.Key;

    protected override void Fail(Read operation, Exception exception) => operation.Completion.TrySetException(exception);

    protected override async Task SendAsync(List<Read> batch)
    {
        var count = batch.Count;
        await using var command = DataSource.CreateCommand(Statement);
        command.Parameters.Add(new NpgsqlParameter { Value = serviceId, NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.Add(new NpgsqlParameter { Value = Enumerable.Range(0, count).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        PostgresStateKey.AddParameters(command.Parameters, batch.Select(read => read.Key));
        var rows = new (byte[]? Payload, int Version)?[count];
        await using (var reader = await command.ExecuteReaderAsync().ConfigureAwait(false))
        {
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                rows[reader.GetInt32(0)] = (reader.IsDBNull(1) ? null : (byte[])reader.GetValue(1), reader.GetInt32(2));
            }
        }

        for (var i = 0; i < count; i++)
        {
            batch[i].Completion.TrySetResult(rows[i]);
        }
    }

    /// <summary>One queued read.</summary>
    internal sealed class Read(PostgresStateKey key)
    {
        public PostgresStateKey Key { get; } = key;

        public TaskCompletionSource<(byte[]? Payload, int Version)?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
