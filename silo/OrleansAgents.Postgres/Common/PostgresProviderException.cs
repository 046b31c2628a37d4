namespace OrleansAgents.Postgres;

/// <summary>
/// A PostgreSQL provider could not reach the database, or the database refused an operation. The message
/// names the provider, the operation and the table; the inner exception is Npgsql's. The operation is not
/// reported as done. (When the connection broke after a write was sent, the write may still have been
/// applied; the stored ETag then differs from the writer's, so its next write fails with
/// <see cref="InconsistentStateException"/> instead of overwriting.)
/// </summary>
public sealed class PostgresProviderException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PostgresProviderException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the driver's exception.</summary>
    public PostgresProviderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
