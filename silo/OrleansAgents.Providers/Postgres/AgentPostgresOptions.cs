using Microsoft.Extensions.Options;
using Npgsql;

namespace OrleansAgents.Hosting;

/// <summary>Options of the PostgreSQL backend (<see cref="AgentPostgresExtensions"/>).</summary>
public sealed class AgentPostgresOptions
{
    /// <summary>The ADO.NET invariant name the Orleans providers are configured with.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>
    /// The Npgsql connection string of the database holding the schema (<see cref="PostgresSchema"/>). Required.
    /// The providers' sessions run with <c>Timezone=UTC</c> whatever it says.
    /// </summary>
    /// <value>Empty: must be set.</value>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// Whether a silo applies <see cref="PostgresSchema.MigrateAsync(string, CancellationToken)"/> when it starts,
    /// before the providers load their queries. Off by default: an operator migrates once per release. Ignored by
    /// clients.
    /// </summary>
    /// <value><see langword="false"/>.</value>
    public bool MigrateOnStart { get; set; }

    /// <summary>
    /// The grain storage of <c>Default</c> and <c>PubSubStore</c>: the project's group-committing storage on Npgsql, or
    /// Orleans' ADO.NET provider. Both read and write the same rows, so switching keeps every grain's state. Ignored by
    /// clients.
    /// </summary>
    /// <value><see cref="AgentPostgresGrainStorage.Npgsql"/>.</value>
    public AgentPostgresGrainStorage GrainStorage { get; set; } = AgentPostgresGrainStorage.Npgsql;

    /// <summary>The most state operations the Npgsql grain storage sends in one batch (one statement).</summary>
    /// <value>256.</value>
    public int WriteBatchSize { get; set; } = 256;

    /// <summary>
    /// How many batches the Npgsql grain storage keeps in flight at once (each on its own connection); operations
    /// arriving meanwhile wait for the next batch. One makes each batch as large as the load allows, which costs the
    /// database least per write; more help only a database that one connection cannot keep busy (a distant one).
    /// </summary>
    /// <value>1.</value>
    public int ConcurrentWriteBatches { get; set; } = 1;

    /// <summary>Whether clearing a grain's state deletes its row (as Orleans' <c>DeleteStateOnClear</c>) instead of keeping it with no payload.</summary>
    /// <value><see langword="false"/>.</value>
    public bool DeleteStateOnClear { get; set; }
}

/// <summary>Validates <see cref="AgentPostgresOptions"/> when the host starts.</summary>
internal sealed class AgentPostgresOptionsValidator : IValidateOptions<AgentPostgresOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentPostgresOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail($"{nameof(AgentPostgresOptions)}.{nameof(AgentPostgresOptions.ConnectionString)} must be set to the Npgsql connection string of the OrleansAgents database.");
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException exception)
        {
            return ValidateOptionsResult.Fail($"{nameof(AgentPostgresOptions)}.{nameof(AgentPostgresOptions.ConnectionString)} is not a valid Npgsql connection string: {exception.Message}");
        }

        if (options.WriteBatchSize < 1 || options.ConcurrentWriteBatches < 1)
        {
            return ValidateOptionsResult.Fail($"{nameof(AgentPostgresOptions)}.{nameof(AgentPostgresOptions.WriteBatchSize)} and .{nameof(AgentPostgresOptions.ConcurrentWriteBatches)} must be at least 1.");
        }

        if (!Enum.IsDefined(options.GrainStorage))
        {
            return ValidateOptionsResult.Fail($"{nameof(AgentPostgresOptions)}.{nameof(AgentPostgresOptions.GrainStorage)} must be {nameof(AgentPostgresGrainStorage.Npgsql)} or {nameof(AgentPostgresGrainStorage.AdoNet)}.");
        }

        return ValidateOptionsResult.Success;
    }
}
