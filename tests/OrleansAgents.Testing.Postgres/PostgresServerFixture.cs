using Npgsql;
using Xunit;

namespace OrleansAgents.Testing.Postgres;

/// <summary>
/// The PostgreSQL server of the test run: the one named by <c>ORLEANSAGENTS_TEST_POSTGRES</c> when that is set,
/// otherwise a private instance started from the installed binaries. Either way the run gets a fresh database;
/// tests keep apart with unique table names and cluster ids (see <see cref="UniqueName"/>). A missing server is
/// a failure with instructions, never a skip.
/// </summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    /// <summary>The environment variable that names an existing server to use instead of a private one.</summary>
    public const string ConnectionStringVariable = "ORLEANSAGENTS_TEST_POSTGRES";

    private PrivatePostgresServer? _server;
    private string _adminConnectionString = string.Empty;
    private string _database = string.Empty;

    /// <summary>The connection string of this run's database.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>Whether the tests started the server themselves and so may stop and restart it.</summary>
    public bool OwnsServer => _server is not null;

    /// <summary>A connection string to a loopback port nothing listens on: a database that is down.</summary>
    public static string UnreachableConnectionString()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Timeout=5";
    }

    /// <summary>A name no other test uses, valid as a PostgreSQL identifier.</summary>
    public static string UniqueName(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public async Task InitializeAsync()
    {
        var given = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (string.IsNullOrWhiteSpace(given))
        {
            _server = await PrivatePostgresServer.CreateAndStartAsync();
            given = $"Host=127.0.0.1;Port={_server.Port};Username=postgres;Database=postgres";
        }

        _adminConnectionString = new NpgsqlConnectionStringBuilder(given) { Pooling = false, Timeout = 10 }.ConnectionString;
        _database = UniqueName("orleansagents_tests");
        await ExecuteAdminAsync($"CREATE DATABASE {_database}");
        ConnectionString = new NpgsqlConnectionStringBuilder(given) { Database = _database, Timeout = 10 }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        else if (_database.Length > 0)
        {
            await ExecuteAdminAsync($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
        }
    }

    /// <summary>Stops the private server (clients are disconnected); only when <see cref="OwnsServer"/>.</summary>
    public Task StopServerAsync() => (_server ?? throw new InvalidOperationException("The tests use a given server; they cannot stop it.")).StopAsync();

    /// <summary>Starts the private server again on the same port and data.</summary>
    public Task StartServerAsync() => (_server ?? throw new InvalidOperationException("The tests use a given server; they cannot start it.")).StartAsync();

    private async Task ExecuteAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
