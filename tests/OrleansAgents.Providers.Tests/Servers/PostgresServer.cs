using System.Collections.Concurrent;
using Npgsql;

namespace OrleansAgents.Providers.Tests.Servers;

/// <summary>
/// A throw-away PostgreSQL server for the test run, started from the installed Debian binaries: a fresh data
/// directory in a temp folder, trust authentication, a free loopback port, fsync off. When the tests run as root the
/// server runs as the <c>postgres</c> OS user (it refuses root). Each test takes its own database
/// (<see cref="CreateDatabaseAsync"/>). Missing binaries fail the tests with the command that installs them. The server
/// can be stopped and started again on the same port and data (<see cref="StopAsync"/>, <see cref="StartAsync"/>).
/// Free of xUnit (the fixture part is PostgresServer.Fixture.cs), so the benchmarks link it too.
/// </summary>
public sealed partial class PostgresServer
{
    private const string ServiceUser = "postgres";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private string? _binaries;
    private string? _root;
    private string? _runAs;
    private readonly string _settings;
    private int _port;

    /// <summary>The pooled connection strings <see cref="CreateDatabaseAsync"/> handed out: the pools <see cref="DisposeAsync"/> clears.</summary>
    private readonly ConcurrentBag<string> _handedOut = [];

    /// <summary>A server set up for tests: fsync and synchronous commit off.</summary>
    public PostgresServer()
        : this("-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
    {
    }

    /// <summary>A server started with the given <c>-c name=value</c> settings (the benchmarks measure durable ones).</summary>
    internal PostgresServer(string settings) => _settings = settings;

    /// <summary>The server's settings beyond port, socket directory and address.</summary>
    public string Settings => _settings;

    private string DataDirectory => Path.Combine(_root!, "data");

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"agents_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres", pooling: false)))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = ConnectionString(name, pooling: true);
        _handedOut.Add(connectionString);
        return connectionString;
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d, StringComparer.Ordinal).Select(d => Path.Combine(d, "bin"))
            : [];
        _binaries = ServerBinaries.FindDirectory(versions, "initdb", "pg_ctl", "postgres") ?? throw new InvalidOperationException(
            "The PostgreSQL tests need the PostgreSQL server binaries (initdb, pg_ctl, postgres), found neither under /usr/lib/postgresql/*/bin nor on PATH. " + ServerBinaries.InstallHint);
        _runAs = Environment.UserName == "root" ? ServiceUser : null;
        _root = Directory.CreateTempSubdirectory("orleansagents-pg-").FullName;
        if (_runAs is not null)
        {
            await ProcessRunner.RunAsync("chown", [$"{ServiceUser}:", _root], CommandTimeout);
        }

        await RunAsync("initdb", ["-D", DataDirectory, "--auth=trust", "-U", "postgres", "--encoding=UTF8", "--locale=C", "--no-sync"]);
        for (var attempt = 1; ; attempt++)
        {
            // Another process may take the port between the probe and the server's bind: try a few.
            _port = ServerBinaries.FreeLoopbackPort();
            try
            {
                await StartAsync();
                return;
            }
            catch (InvalidOperationException exception) when (attempt < 3)
            {
                _ = exception;
            }
        }
    }

    /// <summary>The server's loopback port.</summary>
    public int Port => _port;

    /// <summary>The directory of the PostgreSQL binaries in use (pgbench is there too).</summary>
    public string BinaryDirectory => _binaries!;

    /// <summary>Starts the server (again) on its port and data directory and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        var log = Path.Combine(_root!, "server.log");
        try
        {
            await RunAsync("pg_ctl", ["start", "-w", "-t", "30", "-D", DataDirectory, "-l", log, "-o",
                $"-p {_port} -k {_root} -c listen_addresses=127.0.0.1 -c max_connections=200 {_settings}"]);
        }
        catch (InvalidOperationException exception)
        {
            var serverLog = File.Exists(log) ? await File.ReadAllTextAsync(log) : "(no server log)";
            throw new InvalidOperationException($"{exception.Message}\nServer log:\n{serverLog}", exception);
        }
    }

    /// <summary>Stops the server (fast shutdown: open sessions are ended) and waits until it is down.</summary>
    public Task StopAsync() => RunAsync("pg_ctl", ["stop", "-w", "-t", "30", "-m", "fast", "-D", DataDirectory]);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        // Only this server's pools (the connection strings it handed out; their database names are unique, so no later
        // server's test can draw a connection left in them). NpgsqlConnection.ClearAllPools() here closed the idle
        // connections of every pool in the process, those of tests still running against other servers included: a class
        // fixture disposed while NpgsqlPoolContractTests held three idle pooled sessions took them away (CI, twice: the
        // server listed 1, then 0, of the pool's 3 sessions).
        foreach (var connectionString in _handedOut)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            NpgsqlConnection.ClearPool(connection);
        }

        if (_root is null)
        {
            return;
        }

        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                await RunAsync("pg_ctl", ["stop", "-w", "-t", "30", "-m", "immediate", "-D", DataDirectory]);
            }
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private string ConnectionString(string database, bool pooling) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = _port,
            Username = "postgres",
            Database = database,
            Pooling = pooling,
            Timeout = 10,
        }.ConnectionString;

    private Task<string> RunAsync(string tool, IReadOnlyList<string> arguments) =>
        ProcessRunner.RunAsync(Path.Combine(_binaries!, tool), arguments, CommandTimeout, _runAs, _root);
}
