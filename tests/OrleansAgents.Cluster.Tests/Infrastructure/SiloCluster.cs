using System.Net;
using System.Net.Sockets;
using Xunit.Abstractions;

namespace OrleansAgents.Cluster.Tests.Infrastructure;

/// <summary>
/// Silo processes (the real silo executable) on free loopback ports, one cluster and service id per test, on a shared
/// database. Disposal kills every process it started (restarted ones included) and writes their output to the test log.
/// </summary>
internal sealed class SiloCluster : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly IReadOnlyList<string> _backendArgs;
    private readonly ITestOutputHelper _log;
    private readonly (int Silo, int Gateway)[] _ports;
    private readonly ChildProcess?[] _silos;
    private readonly List<(string Name, ChildProcess Process)> _started = [];

    private SiloCluster(int count, IReadOnlyList<string> backendArgs, ITestOutputHelper log, string? serviceId)
    {
        ServiceId = serviceId ?? ServiceId;
        _backendArgs = backendArgs;
        _log = log;
        _ports = [.. Enumerable.Range(0, count).Select(_ => (FreePort(), FreePort()))];
        _silos = new ChildProcess?[count];
    }

    public string ClusterId { get; } = $"c{Guid.NewGuid():N}"[..12];

    public string ServiceId { get; } = $"s{Guid.NewGuid():N}"[..12];

    /// <summary>Starts <paramref name="count"/> silos together and waits until each has written its ready line.</summary>
    /// <param name="serviceId">The service id, when the cluster must share another one's (a new one by default).</param>
    public static async Task<SiloCluster> StartAsync(int count, IReadOnlyList<string> backendArgs, ITestOutputHelper log, string? serviceId = null)
    {
        var cluster = new SiloCluster(count, backendArgs, log, serviceId);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, count).Select(cluster.StartSiloAsync));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The arguments that point the client process at this cluster.</summary>
    public string[] ClientArgs(params string[] backendArgs) =>
        [$"--ClusterId={ClusterId}", $"--ServiceId={ServiceId}", .. backendArgs];

    /// <summary>Starts silo <paramref name="index"/> (again) on its ports and waits for its ready line.</summary>
    public async Task StartSiloAsync(int index)
    {
        var (siloPort, gatewayPort) = _ports[index];
        string[] args =
        [
            $"--OrleansAgents:Silo:SiloPort={siloPort}",
            $"--OrleansAgents:Silo:GatewayPort={gatewayPort}",
            $"--OrleansAgents:Silo:SiloName=silo{index}",
            $"--OrleansAgents:Silo:ClusterId={ClusterId}",
            $"--OrleansAgents:Silo:ServiceId={ServiceId}",
            .. _backendArgs,
        ];
        var process = ChildProcess.StartSilo(args, new Dictionary<string, string>
        {
            // Three silos, PostgreSQL and the client share two cores: one GC heap each.
            ["DOTNET_gcServer"] = "0",
            ["Logging__LogLevel__OrleansAgents"] = "Information",
        });
        lock (_started)
        {
            _started.Add(($"silo{index}", process));
        }

        _silos[index] = process;
        await process.WaitForLineAsync(line => line.StartsWith("ready: ", StringComparison.Ordinal), StartTimeout, $"silo{index}'s ready line");
    }

    /// <summary>The silo and gateway ports of silo <paramref name="index"/>.</summary>
    public (int Silo, int Gateway) Ports(int index) => _ports[index];

    /// <summary>Whether silo <paramref name="index"/>'s process is still running.</summary>
    public bool IsRunning(int index) => !Silo(index).HasExited;

    /// <summary>SIGKILLs silo <paramref name="index"/>.</summary>
    public void Kill(int index) => Silo(index).KillHard();

    /// <summary>SIGTERMs silo <paramref name="index"/> and waits for it to leave; returns its exit code.</summary>
    public async Task<int> StopAsync(int index)
    {
        var silo = Silo(index);
        silo.Terminate();
        return await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Waits until one of the silos <paramref name="indices"/> writes a line matching <paramref name="predicate"/>.</summary>
    public async Task<string> WaitForLineOnAnyAsync(IEnumerable<int> indices, Func<string, bool> predicate, TimeSpan timeout, string description)
    {
        var waits = indices.Select(i => Silo(i).WaitForLineAsync(predicate, timeout, description)).ToList();
        var first = await Task.WhenAny(waits);
        return await first;
    }

    public async ValueTask DisposeAsync()
    {
        List<(string Name, ChildProcess Process)> started;
        lock (_started)
        {
            started = [.. _started];
        }

        foreach (var (name, process) in started)
        {
            await process.DisposeAsync();
            var lines = process.Output.Concat(process.Error.Select(l => "stderr: " + l)).ToList();
            _log.WriteLine($"--- {name}: {lines.Count} lines, last 40:");
            foreach (var line in lines.TakeLast(40))
            {
                _log.WriteLine(line);
            }
        }
    }

    private ChildProcess Silo(int index) => _silos[index] ?? throw new InvalidOperationException($"silo{index} was not started.");

    private static int FreePort() => OrleansAgents.Tests.Shared.LoopbackPorts.Next();
}
