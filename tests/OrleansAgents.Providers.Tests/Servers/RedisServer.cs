using System.Diagnostics;

namespace OrleansAgents.Providers.Tests.Servers;

/// <summary>
/// A throw-away redis-server for the test run on a free loopback port, without persistence (<c>--save ""
/// --appendonly no</c>): the tests restart the Orleans cluster, never Redis. Each test uses its own Orleans service
/// id, so tests share the server. A missing binary fails the tests with the command that installs it. Free of xUnit
/// (the fixture part is RedisServer.Fixture.cs), so the benchmarks link it too, with AOF persistence.
/// </summary>
public sealed partial class RedisServer
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly IReadOnlyList<string> _persistence;
    private Process? _process;
    private string? _directory;

    /// <summary>A server without persistence (what the tests use).</summary>
    public RedisServer()
        : this(["--save", "", "--appendonly", "no"])
    {
    }

    /// <summary>A server with the given persistence arguments (e.g. <c>--appendonly yes --appendfsync always</c>), writing into a fresh temp directory.</summary>
    internal RedisServer(IReadOnlyList<string> persistence) => _persistence = persistence;

    /// <summary>The StackExchange.Redis configuration string of the server.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var directory = ServerBinaries.FindDirectory(["/usr/bin", "/usr/local/bin"], "redis-server") ?? throw new InvalidOperationException(
            "The Redis tests need redis-server, found neither in /usr/bin, /usr/local/bin nor on PATH. " + ServerBinaries.InstallHint);
        for (var attempt = 1; ; attempt++)
        {
            var port = ServerBinaries.FreeLoopbackPort();
            try
            {
                await StartAsync(Path.Combine(directory, "redis-server"), port);
                ConnectionString = $"127.0.0.1:{port}";
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // The port was taken between the probe and the bind: try another.
            }
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private async Task StartAsync(string binary, int port)
    {
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        _directory ??= Directory.CreateTempSubdirectory("orleansagents-redis-").FullName;
        string[] arguments = ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _directory, .. _persistence, "--daemonize", "no"];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {binary}.");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException($"redis-server exited before it was ready: {output}"));
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data.Contains("Ready to accept connections", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(StartTimeout);
            _process = process;
        }
        catch
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
            throw;
        }
    }
}
