using System.Collections.Concurrent;
using Npgsql;

namespace OrleansAgents.Hosting;

/// <summary>
/// Group commit: operations queued while a batch is in flight go together as the next batch (one round trip, one
/// transaction), with at most <c>maxConcurrentBatches</c> batches in flight; a lone operation on an idle batcher goes
/// at once. A batch holds at most one operation per key (a second one waits for the next batch, so it sees the
/// first one's effect). A database error fails every operation of its batch, after one retry on a fresh connection
/// when the error says the connection was lost (<see cref="PostgresRetry"/>).
/// </summary>
/// <typeparam name="TOperation">The queued operation, which carries its own completion.</typeparam>
internal abstract class PostgresBatcher<TOperation>(NpgsqlDataSource dataSource, int maxBatchSize, int maxConcurrentBatches)
    where TOperation : class
{
    private readonly ConcurrentQueue<TOperation> _queue = new();
    private int _flushers;
    private long _batches;

    /// <summary>How many batches have been sent (operations / batches is the grouping achieved).</summary>
    public long BatchesSent => Interlocked.Read(ref _batches);

    /// <summary>The data source the batches run on.</summary>
    protected NpgsqlDataSource DataSource => dataSource;

    /// <summary>Sends <paramref name="batch"/> (distinct keys) in one round trip and one transaction and completes its operations.</summary>
    internal async Task ExecuteBatchAsync(List<TOperation> batch)
    {
        Interlocked.Increment(ref _batches);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await SendAsync(batch).ConfigureAwait(false);
                return;
            }
            catch (Exception exception) when (attempt == 1 && PostgresRetry.IsWorthOneRetry(exception, dataSource))
            {
                // A pooled connection the server closed (a restart) or a deadlock between batches: nothing committed,
                // or a write committed and its retry's ETag check reports a conflict; a write is never applied twice.
            }
            catch (Exception exception)
            {
                foreach (var operation in batch)
                {
                    Fail(operation, exception);
                }

                return;
            }
        }
    }

    /// <summary>Queues <paramref name="operation"/> for the next batch.</summary>
    protected void Enqueue(TOperation operation)
    {
        _queue.Enqueue(operation);
        StartFlusherIfNeeded();
    }

    /// <summary>The key two operations of one batch must not share.</summary>
    protected abstract PostgresStateKey KeyOf(TOperation operation);

    /// <summary>Runs the batch's statements and completes every operation with its result.</summary>
    protected abstract Task SendAsync(List<TOperation> batch);

    /// <summary>Completes <paramref name="operation"/> with the batch's failure.</summary>
    protected abstract void Fail(TOperation operation, Exception exception);

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
            var batch = new List<TOperation>(maxBatchSize);
            var keys = new HashSet<PostgresStateKey>();
            var deferred = new List<TOperation>();
            while (true)
            {
                // Operations deferred by the last batch (a second operation on a key it held) go first.
                for (var i = 0; i < deferred.Count && batch.Count < maxBatchSize;)
                {
                    if (keys.Add(KeyOf(deferred[i])))
                    {
                        batch.Add(deferred[i]);
                        deferred.RemoveAt(i);
                    }
                    else
                    {
                        i++;
                    }
                }

                while (batch.Count < maxBatchSize && _queue.TryDequeue(out var next))
                {
                    if (keys.Add(KeyOf(next)))
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
}
