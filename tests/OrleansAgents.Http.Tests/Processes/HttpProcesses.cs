using System.Net.Http.Headers;
using OrleansAgents.Http.Tests.Infrastructure;
using OrleansAgents.SiloHost.Tests.Infrastructure;
using OrleansAgents.Tests.Shared;
using Xunit.Abstractions;

namespace OrleansAgents.Http.Tests.Processes;

/// <summary>
/// Silo processes serving HTTP (<c>--http</c>) and gateway processes (<c>gateway --http</c>) of one cluster and service
/// id, on loopback ports, all with the API key of user <see cref="User"/>. Disposal kills what it started and writes
/// their output to the test log.
/// </summary>
internal sealed class HttpProcesses(IReadOnlyList<string> backendArgs) : IAsyncDisposable
{
    public const string User = "process-user";
    public const string Key = "process-user-key";
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly List<(string Name, ChildProcess Process)> _started = [];

    public string ClusterId { get; } = $"c{Guid.NewGuid():N}"[..12];

    public string ServiceId { get; } = $"s{Guid.NewGuid():N}"[..12];

    /// <summary>Where the processes' output goes when they are disposed.</summary>
    public ITestOutputHelper? Log { get; set; }

    /// <summary>Starts a silo serving HTTP; returns it and its base URL once it has written its ready line.</summary>
    public async Task<(ChildProcess Process, Uri Http)> StartSiloAsync(string name, int siloPort, int gatewayPort)
    {
        var http = new Uri($"http://127.0.0.1:{LoopbackPorts.Next()}");
        var process = Start(name, [
            $"--OrleansAgents:Silo:SiloPort={siloPort}",
            $"--OrleansAgents:Silo:GatewayPort={gatewayPort}",
            $"--OrleansAgents:Silo:SiloName={name}",
            .. Common(http),
        ]);
        var ready = await process.WaitForLineAsync(l => l.StartsWith("ready: ", StringComparison.Ordinal), StartTimeout, $"{name}'s ready line");
        Xunit.Assert.EndsWith($", http {http.OriginalString}", ready, StringComparison.Ordinal);
        return (process, http);
    }

    /// <summary>Starts a gateway process (the API over the Orleans client); returns it and its base URL once it is ready.</summary>
    public async Task<(ChildProcess Process, Uri Http)> StartGatewayAsync(string name, params string[] extraArgs)
    {
        var http = new Uri($"http://127.0.0.1:{LoopbackPorts.Next()}");
        var process = Start(name, ["gateway", .. Common(http), .. extraArgs]);
        var ready = await process.WaitForLineAsync(l => l.StartsWith("ready: ", StringComparison.Ordinal), StartTimeout, $"{name}'s ready line");
        Xunit.Assert.Equal($"ready: gateway, http {http.OriginalString}, cluster {ClusterId}, service {ServiceId}", ready);
        return (process, http);
    }

    /// <summary>An HTTP client for <paramref name="baseAddress"/> with the user's key.</summary>
    public static HttpClient Client(Uri baseAddress)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(100) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (name, process) in _started)
        {
            await process.DisposeAsync();
            Log?.WriteLine($"--- {name} ---\n{process.Transcript}");
        }
    }

    private string[] Common(Uri http) =>
    [
        "--http", http.OriginalString,
        $"--OrleansAgents:Silo:ClusterId={ClusterId}",
        $"--OrleansAgents:Silo:ServiceId={ServiceId}",
        .. backendArgs,
    ];

    private ChildProcess Start(string name, string[] args)
    {
        var process = ChildProcess.StartSilo(args, new Dictionary<string, string>
        {
            // Several processes share two cores: one GC heap each.
            ["DOTNET_gcServer"] = "0",
            ["OrleansAgents__Http__ApiKeys__0__User"] = User,
            ["OrleansAgents__Http__ApiKeys__0__KeySha256"] = ApiHost.Sha256(Key),
        });
        _started.Add((name, process));
        return process;
    }
}
