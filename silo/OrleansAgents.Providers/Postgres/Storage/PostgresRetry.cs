using Npgsql;

namespace OrleansAgents.Hosting;

/// <summary>Which database failures the Npgsql grain storage retries once, on a fresh connection.</summary>
internal static class PostgresRetry
{
    /// <summary>
    /// Whether <paramref name="exception"/> is worth one more attempt: a pooled connection that the server closed (a
    /// restarted server: every idle connection in the pool is dead, so the pool is cleared) or a deadlock between two
    /// batches. Anything else (an unreachable server, a bad statement) fails at once.
    /// </summary>
    public static bool IsWorthOneRetry(Exception exception, NpgsqlDataSource dataSource)
    {
        var retry = exception switch
        {
            PostgresException postgres => postgres.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.AdminShutdown
                or PostgresErrorCodes.CrashShutdown,
            NpgsqlException npgsql => npgsql.InnerException is IOException or System.Net.Sockets.SocketException { SocketErrorCode: not System.Net.Sockets.SocketError.ConnectionRefused },
            _ => false,
        };
        if (retry && exception is not PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected })
        {
            dataSource.Clear();
        }

        return retry;
    }
}
