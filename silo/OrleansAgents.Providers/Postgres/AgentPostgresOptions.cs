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

        return ValidateOptionsResult.Success;
    }
}
