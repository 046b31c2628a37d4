using System.Diagnostics;
using Npgsql;

namespace OrleansAgents.Cluster.Tests.Infrastructure;

/// <summary>
/// Watches the tasks' rows in the PostgreSQL grain state table: a running slow task writes its progress every step,
/// so the first write after a kill (<c>modified_at</c>, stamped by the database) tells when an orphaned task runs again.
/// Independent of the client's watchers (which would themselves reactivate a task).
/// </summary>
internal static class PostgresRecoveryProbe
{
    private static readonly TimeSpan PollPeriod = TimeSpan.FromMilliseconds(100);

    /// <summary>For each of <paramref name="taskIds"/>, the Unix milliseconds of its first write at or after <paramref name="since"/>; polls until all have one or the deadline passes.</summary>
    public static async Task<IReadOnlyDictionary<string, long>> FirstWritesAfterAsync(string connectionString, string serviceId, IReadOnlyCollection<string> taskIds, long since, TimeSpan deadline)
    {
        var found = new Dictionary<string, long>();
        var started = Stopwatch.GetTimestamp();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        while (found.Count < taskIds.Count && Stopwatch.GetElapsedTime(started) < deadline)
        {
            await using (var query = new NpgsqlCommand(
                "SELECT grain_id_ext, (extract(epoch FROM modified_at) * 1000)::bigint FROM orleans_grain_state WHERE service_id = @service AND grain_type = 'task' AND grain_id_ext = ANY(@ids)",
                connection))
            {
                query.Parameters.AddWithValue("service", serviceId);
                query.Parameters.AddWithValue("ids", taskIds.ToArray());
                await using var rows = await query.ExecuteReaderAsync();
                while (await rows.ReadAsync())
                {
                    var (id, modified) = (rows.GetString(0), rows.GetInt64(1));
                    if (modified >= since && !found.ContainsKey(id))
                    {
                        found[id] = modified;
                    }
                }
            }

            await Task.Delay(PollPeriod);
        }

        return found;
    }
}
