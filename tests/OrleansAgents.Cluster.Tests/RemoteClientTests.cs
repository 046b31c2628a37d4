using System.Text.Json;
using OrleansAgents.Cluster.Tests.Infrastructure;
using OrleansAgents.Providers.Tests.Servers;
using Xunit.Abstractions;

namespace OrleansAgents.Cluster.Tests;

/// <summary>The client process against no cluster, and with a call in flight to a silo that dies.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RemoteClientTests(PostgresServer server, ITestOutputHelper log)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_client_whose_gateway_port_is_closed_fails_to_connect_with_a_message_that_says_so()
    {
        var closedPort = OrleansAgents.Tests.Shared.LoopbackPorts.Next();

        await using var client = ChildProcess.Start(ChildProcess.ClientProcessAssemblyPath, [$"--GatewayPort={closedPort}", "--ConnectTimeoutSeconds=3", "--Tasks=1"]);

        Assert.True(await client.WaitForExitAsync(Deadline) == 3, client.Transcript);
        var line = Assert.Single(client.Error, l => l.StartsWith("client: ", StringComparison.Ordinal));
        Assert.Contains("The Orleans client found no reachable gateway within 3 s (cluster 'default', service 'orleansagents')", line, StringComparison.Ordinal);
        Assert.Contains($"lists 1 gateway(s), none of which answered: 127.0.0.1:{closedPort}", line, StringComparison.Ordinal);
    }

    /// <summary>
    /// With a 3 s deadline, and with 10 ms: that deadline passes while Orleans' ADO.NET gateway list provider is still being
    /// initialized (it reads its queries from the database), which left it unable to list ("could not list the gateways:
    /// Object reference not set…", seen in CI under load).
    /// </summary>
    [Theory]
    [InlineData("3")]
    [InlineData("0.01")]
    public async Task A_client_of_a_cluster_with_no_active_silo_fails_to_connect_with_a_message_that_says_so(string connectTimeoutSeconds)
    {
        var database = await server.CreateDatabaseAsync();
        await using (var migrate = ChildProcess.StartSilo(["migrate", $"--OrleansAgents:Postgres:ConnectionString={database}"]))
        {
            Assert.True(await migrate.WaitForExitAsync(Deadline) == 0, migrate.Transcript);
        }

        await using var client = ChildProcess.Start(ChildProcess.ClientProcessAssemblyPath,
            ["--Clustering=Postgres", $"--ConnectionString={database}", "--ClusterId=nobody", $"--ConnectTimeoutSeconds={connectTimeoutSeconds}", "--Tasks=1"]);

        Assert.True(await client.WaitForExitAsync(Deadline) == 3, client.Transcript);
        var line = Assert.Single(client.Error, l => l.StartsWith("client: ", StringComparison.Ordinal));
        var expected = $"found no reachable gateway within {connectTimeoutSeconds} s (cluster 'nobody', service 'orleansagents'): the clustering provider lists no gateway";
        Assert.True(line.Contains(expected, StringComparison.Ordinal), $"Expected the line to contain \"{expected}\"; it was: {line}");
    }

    /// <summary>
    /// A 30 s wait (whose own response timeout is 90 s) with the client's response timeout at 8 s: the silo is killed
    /// mid-wait and the wait fails at once, well within the 8 s.
    /// </summary>
    [Fact]
    public async Task A_call_in_flight_to_a_killed_silo_fails_with_a_clear_exception_within_the_response_timeout()
    {
        const int ResponseTimeoutSeconds = 8;
        var database = await server.CreateDatabaseAsync();
        await using var cluster = await SiloCluster.StartAsync(1, ["--OrleansAgents:Storage:Provider=Postgres", $"--OrleansAgents:Postgres:ConnectionString={database}"], log);
        await using var client = ChildProcess.Start(ChildProcess.ClientProcessAssemblyPath,
            ["inflight", .. cluster.ClientArgs("--Clustering=Postgres", $"--ConnectionString={database}"), $"--ResponseTimeoutSeconds={ResponseTimeoutSeconds}", "--WaitSeconds=30"]);
        await client.WaitForLineAsync(line => line.StartsWith("{\"e\":\"waiting\"", StringComparison.Ordinal), SiloCluster.StartTimeout, "the client's call in flight");

        cluster.Kill(0);
        var failed = await client.WaitForLineAsync(line => line.StartsWith("{\"e\":", StringComparison.Ordinal) && !line.Contains("\"waiting\"", StringComparison.Ordinal),
            Deadline, "the call's outcome");

        log.WriteLine(failed);
        using var outcome = JsonDocument.Parse(failed);
        var root = outcome.RootElement;
        Assert.Equal("failed", root.GetProperty("e").GetString());
        Assert.True(root.GetProperty("afterMs").GetInt64() < ResponseTimeoutSeconds * 1000, failed);
        Assert.Equal("Orleans.Runtime.SiloUnavailableException", root.GetProperty("type").GetString());
        Assert.StartsWith("Every gateway connection of this client closed while waiting for task 'inflight-", root.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await client.WaitForExitAsync(Deadline));
    }
}
