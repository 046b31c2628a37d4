using System.Net.Sockets;
using Npgsql;
using OrleansAgents.Cluster.Tests.Infrastructure;
using OrleansAgents.Providers.Tests.Servers;
using Xunit.Abstractions;

namespace OrleansAgents.Cluster.Tests.Faults;

/// <summary>Bad input from the network and a misconfigured silo, against a real silo process on PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SiloFaultTests(PostgresServer server, ITestOutputHelper log)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Garbage_bytes_on_the_silo_and_gateway_ports_close_that_connection_and_the_silo_keeps_serving()
    {
        var database = await server.CreateDatabaseAsync();
        await using var cluster = await SiloCluster.StartAsync(1, Backend(database), log);
        var (siloPort, gatewayPort) = cluster.Ports(0);

        foreach (var (port, seed) in new[] { (siloPort, 1), (gatewayPort, 2), (gatewayPort, 3) })
        {
            var how = await SendGarbageAsync(port, seed);
            log.WriteLine($"port {port}, seed {seed}: {how}");
        }

        Assert.True(cluster.IsRunning(0), "The silo process ended after receiving garbage.");
        await using var client = ChildProcess.Start(ChildProcess.ClientProcessAssemblyPath, [.. cluster.ClientArgs("--Clustering=Postgres", $"--ConnectionString={database}"), "--Tasks=5"]);
        Assert.True(await client.WaitForExitAsync(Deadline) == 0, client.Transcript);
        Assert.Contains("result: 5/5 succeeded, sum 30", client.Output);
    }

    [Fact]
    public async Task A_silo_started_with_another_cluster_id_forms_its_own_cluster_and_does_not_join()
    {
        var database = await server.CreateDatabaseAsync();
        await using var ours = await SiloCluster.StartAsync(1, Backend(database), log);
        await using var stranger = await SiloCluster.StartAsync(1, Backend(database), log, serviceId: ours.ServiceId);

        // Each silo is the only active member of its own cluster id's membership; neither lists the other's gateway.
        Assert.Equal(new[] { (ours.ClusterId, 1L), (stranger.ClusterId, 1L) }.Order(), (await ActiveSilosAsync(database)).Order());
        await using var client = ChildProcess.Start(ChildProcess.ClientProcessAssemblyPath, [.. ours.ClientArgs("--Clustering=Postgres", $"--ConnectionString={database}"), "--Tasks=5"]);
        Assert.True(await client.WaitForExitAsync(Deadline) == 0, client.Transcript);
        Assert.Contains("result: 5/5 succeeded, sum 30", client.Output);
        Assert.Equal(new[] { (ours.ClusterId, 1L), (stranger.ClusterId, 1L) }.Order(), (await ActiveSilosAsync(database)).Order());
    }

    private static string[] Backend(string database) =>
        ["--OrleansAgents:Storage:Provider=Postgres", $"--OrleansAgents:Postgres:ConnectionString={database}"];

    /// <summary>
    /// Connects, sends 64 KiB of seeded random bytes and waits for the silo to close the connection; returns how it
    /// did. Fails when the connection is still open after the deadline.
    /// </summary>
    private static async Task<string> SendGarbageAsync(int port, int seed)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync("127.0.0.1", port);
        var stream = socket.GetStream();
        var garbage = new byte[64 * 1024];
        new Random(seed).NextBytes(garbage);
        using var deadline = new CancellationTokenSource(Deadline);
        try
        {
            await stream.WriteAsync(garbage, deadline.Token);
            var buffer = new byte[4096];
            while (true)
            {
                var read = await stream.ReadAsync(buffer, deadline.Token);
                if (read == 0)
                {
                    return "closed by the silo (end of stream)";
                }
            }
        }
        catch (IOException exception) when (exception.InnerException is SocketException socketError)
        {
            return $"closed by the silo ({socketError.SocketErrorCode})";
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The connection to port {port} was still open {Deadline} after 64 KiB of garbage.");
            throw;
        }
    }

    private static async Task<List<(string Cluster, long Active)>> ActiveSilosAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT deployment_id, count(*) FROM orleans_cluster_silo WHERE status = 3 GROUP BY deployment_id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, long)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return rows;
    }
}
