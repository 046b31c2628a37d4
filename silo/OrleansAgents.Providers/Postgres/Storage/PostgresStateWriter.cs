using System.Collections.Concurrent;
using Npgsql;
using NpgsqlTypes;

namespace OrleansAgents.Hosting;

/// <summary>
/// Group commit of grain state operations: operations queued while a batch is in flight are sent together as the next
/// batch, one call of <c>orleans_write_states</c> (one round trip, one transaction), with at most
/// <see cref="AgentPostgresOptions.ConcurrentWriteBatches"/> batches in flight. A lone operation on an idle writer
/// goes at once. Each operation keeps its own ETag check: a conflict fails that operation alone; a database error
/// fails every operation of the batch (none of them landed: the batch is one statement).
/// </summary>
internal sealed class PostgresStateWriter(NpgsqlDataSource dataSource, string serviceId, int maxBatchSize, int maxConcurrentBatches)
{
    private const string Statement = "SELECT op_ord, new_version FROM orleans_write_states($1, $2, $3, $4, $5, $6, $7, $8, $9)";
    private readonly ConcurrentQueue<PostgresStateOperation> _queue = new();
    private int _flushers;
    private long _batches;

    /// <summary>How many batches have been sent (for tests and benchmarks: operations / batches is the grouping achieved).</summary>
    public long BatchesSent => Interlocked.Read(ref _batches);

    /// <summary>Queues <paramref name="operation"/> for the next batch; returns when its batch has committed.</summary>
    public Task<int?> ApplyAsync(PostgresStateOperation operation)
    {
        _queue.Enqueue(operation);
        StartFlusherIfNeeded();
        return operation.Completion.Task;
    }

    private void StartFlusherIfNeeded()
    {
        while (!_queue.IsEmpty)
        {
            var running = Volatile.Read(ref _flushers);
            if (running >= maxConcurrentBatches)
            {
                // A running flusher looks at the queue again when its batch is done.
                return;
            }

            if (Interlocked.CompareExchange(ref _flushers, running + 1, running) == running)
            {
                _ = Task.Run(FlushAsync);
                return;
            }
        }
    }

    private async Task FlushAsync()
    {
        try
        {
            var batch = new List<PostgresStateOperation>(maxBatchSize);
            var keys = new HashSet<PostgresStateKey>();
            var deferred = new List<PostgresStateOperation>();
            while (true)
            {
                // Operations deferred by the last batch (a second operation on a grain state it held) go first.
                foreach (var operation in deferred.ToList())
                {
                    if (batch.Count < maxBatchSize && keys.Add(operation.Key))
                    {
                        batch.Add(operation);
                        deferred.Remove(operation);
                    }
                }

                while (batch.Count < maxBatchSize && _queue.TryDequeue(out var next))
                {
                    if (keys.Add(next.Key))
                    {
                        batch.Add(next);
                    }
                    else
                    {
                        deferred.Add(next);
                    }
                }

                if (batch.Count == 0)
                {
                    return;
                }

                await ExecuteBatchAsync(batch).ConfigureAwait(false);
                batch.Clear();
                keys.Clear();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _flushers);
            StartFlusherIfNeeded();
        }
    }

    /// <summary>Sends <paramref name="batch"/> (at most one operation per grain state) as one statement and completes its operations.</summary>
    internal async Task ExecuteBatchAsync(List<PostgresStateOperation> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var versions = await SendAsync(batch).ConfigureAwait(false);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Completion.TrySetResult(versions.TryGetValue(i, out var version) ? version : null);
                }

                return;
            }
            catch (Exception exception) when (attempt == 1 && PostgresRetry.IsWorthOneRetry(exception, dataSource))
            {
                // A pooled connection the server closed (a restart) or a deadlock between batches: the statement did
                // not commit, or committed and the retry's ETag checks report conflicts; it never overwrites.
            }
            catch (Exception exception)
            {
                foreach (var operation in batch)
                {
                    operation.Completion.TrySetException(exception);
                }

                return;
            }
        }
    }

    private async Task<Dictionary<int, int>> SendAsync(List<PostgresStateOperation> batch)
    {
        Interlocked.Increment(ref _batches);
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

        await using var command = dataSource.CreateCommand(Statement);
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

        return versions;
    }
}
