namespace OrleansAgents.Hosting;

/// <summary>
/// The Npgsql grain storage (<see cref="AgentPostgresGrainStorage.Npgsql"/>) could not reach or use the database: the
/// message names the storage, the state and the grain, and ends with the driver's reason; <see cref="DriverException"/>
/// is the driver's exception, on the silo only. It is not the inner exception: Npgsql's exceptions have no Orleans codec,
/// and an inner one made a failed submit reach its caller as a <c>CodecNotFoundException</c> instead of this. Nothing was
/// written. An ETag conflict is an <see cref="Orleans.Storage.InconsistentStateException"/> instead.
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

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public PostgresGrainStorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The driver's exception, where the storage failed (not carried across an Orleans call).</summary>
    public Exception? DriverException { get; init; }
}
