using System.Data.Common;
using Microsoft.Extensions.Logging;
using Npgsql;
using OrleansAgents.Hosting;

namespace OrleansAgents.Postgres;

/// <summary>
/// One provider's link to PostgreSQL: its own <see cref="NpgsqlDataSource"/> (connection pool), its table,
/// the one-time creation of that table, and the translation of driver failures into exceptions that say
/// which provider and operation failed.
/// </summary>
internal sealed class PostgresDatabase : IDisposable, IAsyncDisposable
{
    /// <summary>The first key of every advisory lock taken here ("OAG1"), so they do not collide with the application's.</summary>
    private const int AdvisoryLockClass = 0x4F414731;
    private const int SchemaAttempts = 3;
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;
    private readonly string _ddl;
    private readonly bool _createSchema;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    /// <param name="provider">How messages name the provider, e.g. <c>PostgreSQL grain storage 'pg'</c>.</param>
    /// <param name="options">The connection string, schema and DDL switch.</param>
    /// <param name="table">The provider's table name (unquoted, already validated).</param>
    /// <param name="ddl">Creates the table if it does not exist; <c>{0}</c> stands for the quoted, schema-qualified table.</param>
    /// <param name="logger">The provider's logger.</param>
    public PostgresDatabase(string provider, PostgresProviderOptions options, string table, string ddl, ILogger logger)
    {
        Provider = provider;
        _schema = options.Schema;
        Table = $"{Quote(options.Schema)}.{Quote(table)}";
        _ddl = string.Format(System.Globalization.CultureInfo.InvariantCulture, ddl, Table);
        _createSchema = options.CreateSchema;
        _logger = logger;
        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        builder.ConnectionStringBuilder.ApplicationName ??= "OrleansAgents";
        builder.Name = provider;
        _dataSource = builder.Build();
    }

    /// <summary>How messages name the provider.</summary>
    public string Provider { get; }

    /// <summary>The quoted, schema-qualified table name for SQL text.</summary>
    public string Table { get; }

    /// <summary>Whether <paramref name="exception"/> is a database or connection failure to report with <see cref="Failure"/>.</summary>
    public static bool IsDatabaseFailure(Exception exception) => exception is DbException or TimeoutException;

    /// <summary>A command that takes a pooled connection for its execution.</summary>
    public NpgsqlCommand CreateCommand(string sql) => _dataSource.CreateCommand(sql);

    /// <summary>
    /// Creates the schema and table once, the first time any operation needs them; a failed attempt is retried by
    /// the next operation. Driver failures are left to the caller (<see cref="RunAsync{T}"/>) to report, so the
    /// message names the operation that needed the table.
    /// </summary>
    public ValueTask EnsureSchemaAsync(CancellationToken cancellationToken) =>
        _schemaReady || !_createSchema ? ValueTask.CompletedTask : new ValueTask(CreateSchemaOnceAsync(cancellationToken));

    /// <summary>
    /// Runs one operation on the table: creates the schema first if no operation has yet, and reports a driver failure
    /// (<see cref="IsDatabaseFailure"/>) as a <see cref="PostgresProviderException"/> naming provider,
    /// <paramref name="operation"/> and table. Other exceptions (a refused write) pass through unchanged.
    /// </summary>
    public async Task<T> RunAsync<T>(string operation, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
            return await work(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsDatabaseFailure(exception))
        {
            throw Failure(operation, exception);
        }
    }

    /// <inheritdoc cref="RunAsync{T}(string, Func{CancellationToken, Task{T}}, CancellationToken)"/>
    public Task RunAsync(string operation, Func<CancellationToken, Task> work, CancellationToken cancellationToken) =>
        RunAsync(
            operation,
            async token =>
            {
                await work(token).ConfigureAwait(false);
                return true;
            },
            cancellationToken);

    /// <summary>Logs a failed operation and wraps it in an exception that names provider, operation and table.</summary>
    public PostgresProviderException Failure(string operation, Exception exception)
    {
        Log.OperationFailed(_logger, exception, Provider, operation);
        return new PostgresProviderException($"{Provider} could not {operation} (table {Table}): {exception.Message}", exception);
    }

    /// <summary>Logs a refused write.</summary>
    public void StaleEtag(string operation, string? expected, string? found) =>
        Log.StaleEtag(_logger, Provider, operation, expected ?? "none", found ?? "none");

    public void Dispose()
    {
        _dataSource.Dispose();
        _schemaGate.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _schemaGate.Dispose();
    }

    private static string Quote(string identifier) => string.Concat("\"", identifier, "\"");

    private async Task CreateSchemaOnceAsync(CancellationToken cancellationToken)
    {
        await _schemaGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; !_schemaReady; attempt++)
            {
                try
                {
                    await CreateSchemaAsync(cancellationToken).ConfigureAwait(false);
                    _schemaReady = true;
                    Log.SchemaEnsured(_logger, Provider, Table);
                }
                catch (PostgresException exception) when (attempt < SchemaAttempts && IsConcurrentCreation(exception))
                {
                    // Another process that does not take our advisory lock created an object between our
                    // existence check and our CREATE; the next attempt finds it.
                    Log.SchemaRace(_logger, exception, Provider, Table);
                }
            }
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    private async Task CreateSchemaAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // Silos starting together would race inside CREATE TABLE IF NOT EXISTS (on pg_type); the
        // transaction-scoped advisory lock makes them take turns, and it is released by the commit.
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@class, hashtext(@table))", connection, transaction))
        {
            command.Parameters.AddWithValue("class", AdvisoryLockClass);
            command.Parameters.AddWithValue("table", Table);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // CREATE SCHEMA IF NOT EXISTS needs the CREATE privilege even when the schema exists, so ask first.
        await using (var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = @schema)", connection, transaction))
        {
            command.Parameters.AddWithValue("schema", _schema);
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
            {
                await using var create = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS {Quote(_schema)}", connection, transaction);
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await using (var command = new NpgsqlCommand(_ddl, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static bool IsConcurrentCreation(PostgresException exception) => exception.SqlState is
        PostgresErrorCodes.UniqueViolation or
        PostgresErrorCodes.DuplicateTable or
        PostgresErrorCodes.DuplicateSchema or
        PostgresErrorCodes.DuplicateObject;
}
