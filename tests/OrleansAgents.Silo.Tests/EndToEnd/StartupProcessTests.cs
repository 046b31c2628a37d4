using OrleansAgents.SiloHost.Tests.Infrastructure;

namespace OrleansAgents.SiloHost.Tests.EndToEnd;

/// <summary>Start-up and shutdown of the real silo executable.</summary>
public sealed class StartupProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_zero_response_timeout_on_the_command_line_stops_start_up_naming_the_option()
    {
        await using var silo = SiloProcess.Start(["--demo", "--OrleansAgents:Messaging:ResponseTimeout=00:00:00"]);

        var exitCode = await silo.WaitForExitAsync(Timeout);

        Assert.Equal(2, exitCode);
        Assert.Contains(silo.Error, l => l.Contains("Invalid configuration: MessagingOptions.ResponseTimeout must be positive (was 00:00:00).", StringComparison.Ordinal));
        Assert.DoesNotContain(silo.Output, l => l.StartsWith("[demo]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_storage_provider_in_the_environment_stops_start_up_naming_the_option()
    {
        await using var silo = SiloProcess.Start([], new Dictionary<string, string> { ["OrleansAgents__Storage__Provider"] = "Bogus" });

        var exitCode = await silo.WaitForExitAsync(Timeout);

        Assert.Equal(2, exitCode);
        Assert.Contains(silo.Error, l => l.Contains("OrleansAgents:Storage:Provider) must be 'Memory' or 'Postgres' (was 'Bogus')", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_value_that_cannot_be_converted_stops_start_up_naming_the_key()
    {
        await using var silo = SiloProcess.Start(["--OrleansAgents:GrainCollection:CollectionAge=soon"]);

        var exitCode = await silo.WaitForExitAsync(Timeout);

        Assert.Equal(2, exitCode);
        Assert.Contains(silo.Error, l => l.Contains("'soon' at 'OrleansAgents:GrainCollection:CollectionAge'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Selecting_postgres_without_a_connection_string_stops_start_up_naming_the_connection_string_key()
    {
        await using var silo = SiloProcess.Start(["--demo", "--OrleansAgents:Storage:Provider=Postgres"]);

        var exitCode = await silo.WaitForExitAsync(Timeout);

        Assert.True(exitCode == 2, $"Exit code {exitCode}. Output:\n{silo.Transcript}");
        Assert.Contains(silo.Error, l => l.Contains(
            "Invalid configuration: PostgresOptions.ConnectionString (OrleansAgents:Postgres:ConnectionString) is required when OrleansAgents:Storage:Provider is Postgres.",
            StringComparison.Ordinal));
        Assert.DoesNotContain(silo.Output, l => l.StartsWith("[demo]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unreachable_database_stops_start_up_with_exit_code_3_and_the_reason()
    {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        await using var silo = SiloProcess.Start(
            ["--demo", "--OrleansAgents:Storage:Provider=Postgres"],
            new Dictionary<string, string> { ["OrleansAgents__Postgres__ConnectionString"] = "Host=127.0.0.1;Port=1;Database=none;Username=none;Timeout=5" });

        var exitCode = await silo.WaitForExitAsync(Timeout);

        Assert.True(exitCode == 3, $"Exit code {exitCode}. Output:\n{silo.Transcript}");
        var reason = Assert.Single(silo.Error, l => l.StartsWith("Start-up failed: PostgresProviderException: ", StringComparison.Ordinal));
        Assert.Contains("127.0.0.1:1", reason, StringComparison.Ordinal);
        Assert.DoesNotContain(silo.Output, l => l.StartsWith("[demo]", StringComparison.Ordinal));
        Assert.DoesNotContain(silo.Error, l => l.Contains("Unhandled exception", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_demo_the_silo_serves_until_SIGTERM_then_stops_gracefully_with_exit_code_zero()
    {
        await using var silo = SiloProcess.Start(["--OrleansAgents:Silo:SiloName=serving-silo"]);
        await silo.WaitForLineAsync(l => l.Contains("Application started", StringComparison.Ordinal), Timeout, "the host's started line");
        Assert.Contains(silo.Output, l => l.Contains("Silo serving-silo@", StringComparison.Ordinal) && l.Contains("joined cluster default", StringComparison.Ordinal));

        silo.Terminate();
        var exitCode = await silo.WaitForExitAsync(Timeout);

        Assert.True(exitCode == 0, $"Exit code {exitCode}. Output:\n{silo.Transcript}");
        Assert.Contains(silo.Output, l => l.Contains("Silo serving-silo@", StringComparison.Ordinal) && l.EndsWith("stopped", StringComparison.Ordinal));
        Assert.DoesNotContain(silo.Output, l => l.StartsWith("[demo]", StringComparison.Ordinal));
    }
}
