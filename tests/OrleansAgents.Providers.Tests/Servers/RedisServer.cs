using System.Diagnostics;
using Xunit;

namespace OrleansAgents.Providers.Tests.Servers;

/// <summary>
/// A throw-away redis-server for the test run on a free loopback port, without persistence (<c>--save ""
/// --appendonly no</c>): the tests restart the Orleans cluster, never Redis. Each test uses its own Orleans service
/// id, so tests share the server. A missing binary fails the tests with the command that installs it.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private Process? _process;

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
        foreach (var argument in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no" })
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

/// <summary>The tests sharing one <see cref="RedisServer"/>.</summary>
[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServer>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "redis";
}
