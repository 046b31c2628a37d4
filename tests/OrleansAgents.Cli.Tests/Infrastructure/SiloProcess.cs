using System.Security.Cryptography;
using System.Text;
using OrleansAgents.SiloHost.Tests.Infrastructure;
using OrleansAgents.Tests.Shared;
using Xunit;
using Xunit.Abstractions;

namespace OrleansAgents.Cli.Tests.Infrastructure;

/// <summary>
/// One silo process (the silo executable, in-memory providers, sample agents) on free loopback ports, serving the HTTP
/// API too (<c>--http</c>, one API key of user <see cref="HttpUser"/>), shared by the CLI tests.
/// </summary>
public sealed class SiloProcess : IAsyncLifetime
{
    public const string Collection = "silo process";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private ChildProcess? _silo;

    /// <summary>The user of the API key <see cref="HttpKey"/>.</summary>
    public const string HttpUser = "http-user";

    public const string HttpKey = "cli-test-key-7f3a";

    public int GatewayPort { get; } = LoopbackPorts.Next();

    public int HttpPort { get; } = LoopbackPorts.Next();

    public string HttpUrl => $"http://127.0.0.1:{HttpPort}";

    public string ClusterId { get; } = "cli" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The options that point oa at this silo.</summary>
    public string[] ConnectArgs => ["--gateway", $"127.0.0.1:{GatewayPort}", "--cluster-id", ClusterId];

    public async Task InitializeAsync()
    {
        _silo = ChildProcess.StartSilo(
            [
                $"--OrleansAgents:Silo:SiloPort={LoopbackPorts.Next()}",
                $"--OrleansAgents:Silo:GatewayPort={GatewayPort}",
                $"--OrleansAgents:Silo:ClusterId={ClusterId}",
                "--http", HttpUrl,
                $"--OrleansAgents:Http:ApiKeys:0:User={HttpUser}",
                $"--OrleansAgents:Http:ApiKeys:0:KeySha256={Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(HttpKey)))}",
                // Half a second, not 2 ms: a task whose agent returns at once (echo, doubler) always ends within its submit,
                // whatever the machine's load, so `submit --wait` of such a task always follows a task answered ended; tasks
                // that report progress or wait pass the window and are followed live.
                "--OrleansAgents:Agents:InlineCompletionWindow=00:00:00.5",
            ],
            new Dictionary<string, string> { ["DOTNET_gcServer"] = "0" });
        await _silo.WaitForLineAsync(l => l.StartsWith("ready: ", StringComparison.Ordinal), StartTimeout, "the silo's ready line");
    }

    /// <summary>Writes the silo's output to the test log (after a failure it says what the silo saw).</summary>
    public void WriteTranscript(ITestOutputHelper log) => log.WriteLine("--- silo:\n" + string.Join('\n', (_silo?.Transcript ?? string.Empty).Split('\n').TakeLast(40)));

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }
}

[CollectionDefinition(SiloProcess.Collection)]
public sealed class SiloProcessCollection : ICollectionFixture<SiloProcess>;
