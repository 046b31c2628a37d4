using System.Net;
using System.Net.Sockets;

namespace OrleansAgents.Testing.Postgres;

/// <summary>
/// A throw-away PostgreSQL server started from the installed binaries: a fresh data directory in a temp
/// folder, trust authentication for user <c>postgres</c>, a free loopback port, fsync off. Run as the
/// <c>postgres</c> OS user when the tests run as root (the server refuses to run as root).
/// </summary>
internal sealed class PrivatePostgresServer : IAsyncDisposable
{
    private const string BinariesRoot = "/usr/lib/postgresql";
    private const string ServiceUser = "postgres";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private readonly string _binaries;
    private readonly string _root;
    private readonly string? _runAs;

    private PrivatePostgresServer(string binaries, string root, string? runAs)
    {
        _binaries = binaries;
        _root = root;
        _runAs = runAs;
    }

    /// <summary>The TCP port the server listens on (127.0.0.1).</summary>
    public int Port { get; private set; }

    private string DataDirectory => Path.Combine(_root, "data");

    private string PgCtl => Path.Combine(_binaries, "pg_ctl");

    /// <summary>Creates a data directory and starts the server on it.</summary>
    /// <exception cref="InvalidOperationException">The server binaries are not installed.</exception>
    public static async Task<PrivatePostgresServer> CreateAndStartAsync()
    {
        var binaries = FindBinaries() ?? throw new InvalidOperationException(
            $"The PostgreSQL tests need a PostgreSQL server, but no server binaries (initdb, pg_ctl) were found under {BinariesRoot}/*/bin or on PATH. " +
            "Install them with `apt-get install -y postgresql`, or set ORLEANSAGENTS_TEST_POSTGRES to the connection string of a server the tests may use.");
        var runAs = Environment.UserName == "root" ? ServiceUser : null;
        var root = Directory.CreateTempSubdirectory("orleansagents-pg-").FullName;
        var server = new PrivatePostgresServer(binaries, root, runAs);
        try
        {
            if (runAs is not null)
            {
                await ProcessRunner.RunAsync("chown", [$"{ServiceUser}:", root], CommandTimeout);
            }

            await server.RunAsync(Path.Combine(binaries, "initdb"), ["-D", server.DataDirectory, "--auth=trust", "-U", "postgres", "--encoding=UTF8", "--locale=C", "--no-sync"]);
            await server.StartOnFreePortAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server again on its port after <see cref="StopAsync"/>.</summary>
    public Task StartAsync() => StartOnPortAsync(Port);

    /// <summary>Stops the server (fast shutdown: clients are disconnected); the data directory stays.</summary>
    public Task StopAsync() => RunAsync(PgCtl, ["stop", "-w", "-t", "30", "-m", "fast", "-D", DataDirectory]);

    /// <summary>Stops the server at once and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                await RunAsync(PgCtl, ["stop", "-w", "-t", "30", "-m", "immediate", "-D", DataDirectory]);
            }
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static string? FindBinaries()
    {
        var installed = Directory.Exists(BinariesRoot)
            ? Directory.GetDirectories(BinariesRoot)
                .Select(version => Path.Combine(version, "bin"))
                .Where(HasServerBinaries)
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;
        return installed ?? (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(HasServerBinaries);
    }

    private static bool HasServerBinaries(string directory) =>
        IsFile(Path.Combine(directory, "initdb")) && IsFile(Path.Combine(directory, "pg_ctl"));

    /// <summary>Whether <paramref name="path"/> is a file, following symbolic links: a link left behind by an uninstalled server does not count.</summary>
    private static bool IsFile(string path)
    {
        var file = new FileInfo(path);
        return file.Exists && (file.LinkTarget is null || file.ResolveLinkTarget(returnFinalTarget: true)?.Exists == true);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task StartOnFreePortAsync()
    {
        // Another process may take the port between our probe and the server's bind: try a few.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartOnPortAsync(FreeLoopbackPort());
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }

    private async Task StartOnPortAsync(int port)
    {
        Port = port;
        var settings = $"-p {port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        var log = Path.Combine(_root, "server.log");
        try
        {
            await RunAsync(PgCtl, ["start", "-w", "-t", "30", "-D", DataDirectory, "-l", log, "-o", settings]);
        }
        catch (InvalidOperationException exception)
        {
            var serverLog = File.Exists(log) ? await File.ReadAllTextAsync(log) : "(no server log)";
            throw new InvalidOperationException($"{exception.Message}\nServer log:\n{serverLog}", exception);
        }
    }

    private Task<string> RunAsync(string file, IReadOnlyList<string> arguments) =>
        ProcessRunner.RunAsync(file, arguments, CommandTimeout, _runAs, _root);
}
