namespace OrleansAgents.Hosting;

/// <summary>
/// The Npgsql grain storage (<see cref="AgentPostgresGrainStorage.Npgsql"/>) could not reach or use the database: the
/// message names the storage, the state and the grain, and ends with the driver's reason; the inner exception is the
/// driver's. Nothing was written. An ETag conflict is an <see cref="Orleans.Storage.InconsistentStateException"/> instead.
/// </summary>
public sealed class PostgresGrainStorageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PostgresGrainStorageException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public PostgresGrainStorageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the driver's exception.</summary>
    public PostgresGrainStorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
