using System.Reflection;
using Npgsql;

namespace OrleansAgents.Hosting;

/// <summary>
/// The OrleansAgents PostgreSQL schema: the tables and query texts that Orleans' ADO.NET clustering, grain storage
/// and reminder providers need, embedded in this assembly as numbered SQL scripts and applied by
/// <see cref="MigrateAsync(string, CancellationToken)"/>.
/// </summary>
/// <remarks>
/// The applied versions are recorded in table <c>orleans_agents_schema</c>. Migration holds a PostgreSQL advisory
/// lock (<see cref="AdvisoryLockKey"/>) for its whole run, so silos starting together and an operator's
/// <c>migrate</c> command apply each script once; every script runs in its own transaction.
/// </remarks>
public static class PostgresSchema
{
    /// <summary>The schema version this code creates and expects.</summary>
    public const int CurrentVersion = 4;

    /// <summary>The key of the session-level advisory lock held while migrating (an arbitrary constant: "OrlAgSch").</summary>
    public const long AdvisoryLockKey = 0x4F726C4167536368;

    /// <summary>The table recording the applied schema versions.</summary>
    public const string VersionTable = "orleans_agents_schema";

    private static readonly IReadOnlyList<(int Version, string Description, string Resource)> Migrations =
    [
        (1, "tables: OrleansQuery, clustering, grain state, reminders", "OrleansAgents.Postgres.0001_tables.sql"),
        (2, "functions and the query texts of the ADO.NET providers", "OrleansAgents.Postgres.0002_queries.sql"),
        (3, "group-committed grain state writes of the Npgsql grain storage", "OrleansAgents.Postgres.0003_grain_storage.sql"),
        (4, "grain state reads and writes that stay primary-key lookups as the table grows", "OrleansAgents.Postgres.0004_state_plans.sql"),
    ];

    /// <summary>
    /// Brings the database named by <paramref name="connectionString"/> to <see cref="CurrentVersion"/>: applies, in
    /// order and under the advisory lock, every script newer than the version the database records. Idempotent: on
    /// an up-to-date database it changes nothing.
    /// </summary>
    /// <returns>The schema version of the database afterwards.</returns>
    /// <exception cref="InvalidOperationException">The database records a schema version newer than this code knows.</exception>
    public static Task<int> MigrateAsync(string connectionString, CancellationToken cancellationToken) =>
        MigrateAsync(connectionString, CurrentVersion, cancellationToken);

    /// <summary>Reads the schema version the database records (0 when it has none).</summary>
    public static async Task<int> GetVersionAsync(string connectionString, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var exists = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection);
        exists.Parameters.AddWithValue("table", VersionTable);
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
        {
            return 0;
        }

        return await ReadVersionAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Migrates up to <paramref name="targetVersion"/> only (tests use it to build an older schema).</summary>
    internal static async Task<int> MigrateAsync(string connectionString, int targetVersion, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(targetVersion, CurrentVersion);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(connection,
                $"CREATE TABLE IF NOT EXISTS {VersionTable} (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
                cancellationToken).ConfigureAwait(false);
            var version = await ReadVersionAsync(connection, cancellationToken).ConfigureAwait(false);
            if (version > CurrentVersion)
            {
                throw new InvalidOperationException(
                    $"The PostgreSQL database records OrleansAgents schema version {version} (table {VersionTable}), newer than version {CurrentVersion} that this build knows. " +
                    "It was migrated by a newer OrleansAgents; run that version (or newer), or restore a database of this version. Nothing was changed.");
            }

            foreach (var (next, description, resource) in Migrations.Where(m => m.Version > version && m.Version <= targetVersion))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, ReadScript(resource), cancellationToken, transaction).ConfigureAwait(false);
                await using (var record = new NpgsqlCommand($"INSERT INTO {VersionTable} (version, description) VALUES (@version, @description)", connection, transaction))
                {
                    record.Parameters.AddWithValue("version", next);
                    record.Parameters.AddWithValue("description", description);
                    await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                version = next;
            }

            return version;
        }
        finally
        {
            // Closing the session releases the lock too; unlock explicitly so a pooled session does not keep it.
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task<int> ReadVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var read = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {VersionTable}", connection);
        return (int)(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string ReadScript(string resource)
    {
        using var stream = typeof(PostgresSchema).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded migration script '{resource}' is missing from {typeof(PostgresSchema).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
