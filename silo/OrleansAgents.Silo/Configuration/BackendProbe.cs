using Npgsql;
using StackExchange.Redis;

namespace OrleansAgents.SiloHost.Configuration;

/// <summary>
/// Checks, before the silo starts, that its database answers, so that a database that is down fails the start in
/// one clear line (exit code 3) instead of in the providers' retries and stack traces.
/// </summary>
internal static class BackendProbe
{
    /// <summary>How long the probe waits for the database.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Returns why the backend is unreachable, or <c>null</c> when it answers (or is in memory).</summary>
    public static async Task<string?> CheckAsync(StorageBackend backend, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backend);
        return backend.Kind switch
        {
            StorageBackendKind.Postgres => await CheckPostgresAsync(backend.ConnectionString, cancellationToken).ConfigureAwait(false),
            StorageBackendKind.Redis => await CheckRedisAsync(backend.ConnectionString).ConfigureAwait(false),
            _ => null,
        };
    }

    /// <summary>Opens one connection to PostgreSQL; returns the reason it failed, or <c>null</c>.</summary>
    public static async Task<string?> CheckPostgresAsync(string connectionString, CancellationToken cancellationToken)
    {
        NpgsqlConnectionStringBuilder settings;
        try
        {
            settings = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = (int)Timeout.TotalSeconds, Pooling = false };
        }
        catch (ArgumentException exception)
        {
            return $"{StorageBackend.PostgresConnectionStringKey} is not a valid Npgsql connection string: {exception.Message}";
        }

        try
        {
            await using var connection = new NpgsqlConnection(settings.ConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return $"PostgreSQL at {settings.Host}:{settings.Port} (database '{settings.Database}', {StorageBackend.PostgresConnectionStringKey}) is unreachable: {OneLine(exception)}";
        }
    }

    private static async Task<string?> CheckRedisAsync(string connectionString)
    {
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(connectionString);
        }
        catch (ArgumentException exception)
        {
            return $"{StorageBackend.RedisConnectionStringKey} is not a valid StackExchange.Redis configuration string: {exception.Message}";
        }

        options.AbortOnConnectFail = true;
        options.ConnectTimeout = (int)Timeout.TotalMilliseconds;
        options.ConnectRetry = 1;
        try
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(options, TextWriter.Null).ConfigureAwait(false);
            await connection.GetDatabase().PingAsync().ConfigureAwait(false);
            return null;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            return $"Redis at {string.Join(", ", options.EndPoints)} ({StorageBackend.RedisConnectionStringKey}) is unreachable: {OneLine(exception)}";
        }
    }

    private static string OneLine(Exception exception)
    {
        var message = exception.InnerException is { } inner && !exception.Message.Contains(inner.Message, StringComparison.Ordinal)
            ? $"{exception.Message} ({inner.Message})"
            : exception.Message;
        return message.ReplaceLineEndings(" ");
    }
}
