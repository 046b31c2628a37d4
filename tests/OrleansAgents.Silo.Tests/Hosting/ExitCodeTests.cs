using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using OrleansAgents.SiloHost.Tests.Infrastructure;

namespace OrleansAgents.SiloHost.Tests.Hosting;

/// <summary>The whole host (<see cref="SiloProgram"/>) in this process: the exit codes other than the demo's.</summary>
public sealed class ExitCodeTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("--OrleansAgents:Storage:Provider=Postgres", "Invalid configuration: OrleansAgents:Postgres:ConnectionString must be set when OrleansAgents:Storage:Provider is 'Postgres'.")]
    [InlineData("--OrleansAgents:Storage:Provider=redis", "Invalid configuration: OrleansAgents:Redis:ConnectionString must be set when OrleansAgents:Storage:Provider is 'redis'.")]
    [InlineData("--OrleansAgents:Storage:Provider=Bogus", "Invalid configuration: SiloStorageOptions.Provider (OrleansAgents:Storage:Provider) must be 'Memory', 'Postgres' or 'Redis' (was 'Bogus').")]
    [InlineData("--OrleansAgents:Liveness:NumVotesForDeathDeclaration=0", "Invalid configuration: SiloLivenessOptions.NumVotesForDeathDeclaration (OrleansAgents:Liveness:NumVotesForDeathDeclaration) must be at least 1.")]
    [InlineData("--OrleansAgents:Liveness:ProbeTimeout=00:00:00", "Invalid configuration: SiloLivenessOptions.ProbeTimeout (OrleansAgents:Liveness:ProbeTimeout) must be positive.")]
    [InlineData("--OrleansAgents:Silo:GatewayPort=70000", "Invalid configuration: SiloHostOptions.GatewayPort (OrleansAgents:Silo:GatewayPort) must be a port from 1 to 65535 (was 70000).")]
    [InlineData("--OrleansAgents:Silo:ClusterId=", "Invalid configuration: SiloHostOptions.ClusterId (OrleansAgents:Silo:ClusterId) must not be empty.")]
    [InlineData("--OrleansAgents:Demo:Timeout=00:00:00", "Invalid configuration: DemoOptions.Timeout (OrleansAgents:Demo:Timeout) must be positive (was 00:00:00).")]
    [InlineData("--OrleansAgents:Agents:MaxInputBytes=0", "Invalid configuration: AgentTaskOptions.MaxInputBytes must be positive.")]
    [InlineData("--OrleansAgents:Agents:InlineCompletionWindow=00:00:02", "Invalid configuration: AgentTaskOptions.InlineCompletionWindow must be between 0 and 1 second.")]
    public async Task An_invalid_option_stops_start_up_with_exit_code_2_naming_the_option(string arg, string expected)
    {
        var error = new StringWriter();
        var output = new StringWriter();

        var exitCode = await SiloProgram.RunAsync([.. FreePorts.ForSilo().Args, "--demo", arg], error, builder => Quiet(builder, output)).WaitAsync(Deadline);

        Assert.Equal(2, exitCode);
        Assert.Equal(expected, error.ToString().Split(Environment.NewLine)[0]);
        Assert.DoesNotContain("ready:", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_postgres_grain_storage_stops_start_up_with_exit_code_2_naming_the_key()
    {
        var error = new StringWriter();

        var exitCode = await SiloProgram.RunAsync(
            ["--OrleansAgents:Storage:Provider=Postgres", "--OrleansAgents:Postgres:ConnectionString=Host=127.0.0.1;Database=agents", "--OrleansAgents:Postgres:GrainStorage=Bogus"],
            error, builder => Quiet(builder, TextWriter.Null)).WaitAsync(Deadline);

        Assert.Equal(2, exitCode);
        var line = error.ToString().Split(Environment.NewLine)[0];
        Assert.StartsWith("Invalid configuration: ", line, StringComparison.Ordinal);
        Assert.Contains("'Bogus' at 'OrleansAgents:Postgres:GrainStorage'", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_that_cannot_be_converted_stops_start_up_with_exit_code_2_naming_the_key()
    {
        var error = new StringWriter();

        var exitCode = await SiloProgram.RunAsync(["--OrleansAgents:Silo:SiloPort=soon"], error, builder => Quiet(builder, TextWriter.Null)).WaitAsync(Deadline);

        Assert.Equal(2, exitCode);
        Assert.Contains("'soon' at 'OrleansAgents:Silo:SiloPort'", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--http")]
    [InlineData("gateway")]
    public async Task HTTP_without_a_URL_stops_start_up_with_exit_code_2(string arg)
    {
        var error = new StringWriter();

        var exitCode = await SiloProgram.RunAsync([arg], error, builder => Quiet(builder, TextWriter.Null)).WaitAsync(Deadline);

        Assert.Equal(2, exitCode);
        Assert.Contains("OrleansAgents:Http:Urls", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("--http", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_API_key_hash_stops_start_up_with_exit_code_2_naming_the_option()
    {
        var error = new StringWriter();

        var exitCode = await SiloProgram.RunAsync(
            [.. FreePorts.ForSilo().Args, "--http", "http://127.0.0.1:0", "--OrleansAgents:Http:ApiKeys:0:User=a", "--OrleansAgents:Http:ApiKeys:0:KeySha256=short"],
            error,
            builder => Quiet(builder, TextWriter.Null)).WaitAsync(Deadline);

        Assert.Equal(2, exitCode);
        Assert.Contains("OrleansAgents:Http:ApiKeys:0:KeySha256", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Postgres")]
    [InlineData("Redis")]
    public async Task A_database_that_is_down_stops_start_up_with_exit_code_3_in_one_line(string provider)
    {
        var closedPort = FreePorts.Next();
        var connection = provider == "Postgres"
            ? $"--OrleansAgents:Postgres:ConnectionString=Host=127.0.0.1;Port={closedPort};Database=agents;Username=agents"
            : $"--OrleansAgents:Redis:ConnectionString=127.0.0.1:{closedPort}";
        var error = new StringWriter();
        var output = new StringWriter();

        var exitCode = await SiloProgram.RunAsync([.. FreePorts.ForSilo().Args, $"--OrleansAgents:Storage:Provider={provider}", connection], error, builder => Quiet(builder, output)).WaitAsync(Deadline);

        Assert.True(exitCode == 3, $"Exit code {exitCode}.\n{output}\n{error}");
        var line = Assert.Single(error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        var expected = provider == "Postgres"
            ? $"Start-up failed: PostgreSQL at 127.0.0.1:{closedPort} (database 'agents', OrleansAgents:Postgres:ConnectionString) is unreachable: "
            : $"Start-up failed: Redis at 127.0.0.1:{closedPort} (OrleansAgents:Redis:ConnectionString) is unreachable: ";
        Assert.StartsWith(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("ready:", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_without_a_connection_string_exits_with_code_2_naming_the_option()
    {
        var error = new StringWriter();

        var exitCode = await SiloProgram.RunAsync(["migrate"], error).WaitAsync(Deadline);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("Invalid configuration: OrleansAgents:Postgres:ConnectionString must be set for the 'migrate' command", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_against_a_database_that_is_down_exits_with_code_3_in_one_line()
    {
        var closedPort = FreePorts.Next();
        var error = new StringWriter();

        var exitCode = await SiloProgram.RunAsync(["migrate", $"--OrleansAgents:Postgres:ConnectionString=Host=127.0.0.1;Port={closedPort};Database=agents;Username=agents"], error).WaitAsync(Deadline);

        Assert.Equal(3, exitCode);
        var line = Assert.Single(error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"Migration failed: PostgreSQL at 127.0.0.1:{closedPort} (database 'agents', OrleansAgents:Postgres:ConnectionString) is unreachable: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_port_in_use_stops_start_up_with_exit_code_3_and_the_reason()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var error = new StringWriter();
        var output = new StringWriter();

        var exitCode = await SiloProgram.RunAsync(
            ["--demo", $"--OrleansAgents:Silo:SiloPort={port}", $"--OrleansAgents:Silo:GatewayPort={FreePorts.Next()}"],
            error,
            builder => Quiet(builder, output)).WaitAsync(Deadline);

        Assert.True(exitCode == 3, $"Exit code {exitCode}.\n{output}\n{error}");
        Assert.StartsWith("Start-up failed: ", error.ToString(), StringComparison.Ordinal);
        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("ready:", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_its_cluster_declares_dead_stops_itself_with_exit_code_4_naming_itself()
    {
        var error = new StringWriter();
        var output = new StringWriter();
        var ports = FreePorts.ForSilo();

        // What another silo's failure detector writes when its probes go unanswered: this silo's row becomes Dead.
        // The silo reads the table every 200 ms here (a minute by default; gossip tells it sooner in a real cluster).
        var exitCode = await SiloProgram.RunAsync(
            ["--OrleansAgents:Silo:SiloName=doomed", .. ports.Args],
            error,
            builder =>
            {
                Quiet(builder, output).Services.AddHostedService<DeclareThisSiloDead>();
                builder.Services.Configure<ClusterMembershipOptions>(o => o.TableRefreshTimeout = TimeSpan.FromMilliseconds(200));
            }).WaitAsync(Deadline);

        Assert.True(exitCode == 4, $"Exit code {exitCode}.\n{output}\n{error}");
        Assert.Contains($"ready: silo doomed at 127.0.0.1:{ports.SiloPort}", output.ToString(), StringComparison.Ordinal);
        Assert.StartsWith($"Silo doomed (S127.0.0.1:{ports.SiloPort}:", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("was declared dead by the cluster and stopped; start a new silo to rejoin.", error.ToString(), StringComparison.Ordinal);
    }

    private static IHostApplicationBuilder Quiet(IHostApplicationBuilder builder, TextWriter output)
    {
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(new HostOutput(output));
        return builder;
    }

    /// <summary>Once the silo has started, marks its own row of the membership table Dead, as a cluster would.</summary>
    private sealed class DeclareThisSiloDead(IMembershipTable table, ILocalSiloDetails silo, IHostApplicationLifetime lifetime) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            {
                await started.Task.WaitAsync(stoppingToken);
            }

            var data = await table.ReadRowAsync(silo.SiloAddress);
            var (entry, etag) = Assert.Single(data.Members);
            entry.Status = SiloStatus.Dead;
            Assert.True(await table.UpdateRowAsync(entry, etag, data.Version.Next()), "The membership table refused the update.");
        }
    }
}
