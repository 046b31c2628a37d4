using OrleansAgents.SiloHost.Tests.Infrastructure;

namespace OrleansAgents.SiloHost.Tests.EndToEnd;

/// <summary>Start-up, serving clients through the gateway, and shutdown of the real silo executable.</summary>
public sealed class StartupProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Redis_without_a_connection_string_in_the_environment_stops_start_up_with_exit_code_2_naming_the_option()
    {
        await using var silo = ChildProcess.StartSilo(FreePorts.ForSilo().Args, new Dictionary<string, string> { ["OrleansAgents__Storage__Provider"] = "Redis" });

        var exitCode = await silo.WaitForExitAsync(Timeout);

        Assert.True(exitCode == 2, $"Exit code {exitCode}. Output:\n{silo.Transcript}");
        Assert.Equal(
            "Invalid configuration: OrleansAgents:Redis:ConnectionString must be set when OrleansAgents:Storage:Provider is 'Redis'.",
            silo.Error[0]);
        Assert.DoesNotContain(silo.Output, l => l.StartsWith("ready:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_separate_client_process_runs_agent_tasks_through_the_gateway_then_SIGTERM_stops_the_silo_with_exit_code_zero()
    {
        var (siloPort, gatewayPort, ports) = FreePorts.ForSilo();
        await using var silo = ChildProcess.StartSilo(
            [.. ports, "--OrleansAgents:Silo:SiloName=serving", "--OrleansAgents:Silo:ClusterId=e2e"],
            new Dictionary<string, string> { ["OrleansAgents__Silo__ServiceId"] = "e2e-service" });
        var ready = await silo.WaitForLineAsync(l => l.StartsWith("ready: ", StringComparison.Ordinal), Timeout, "its ready line");
        Assert.Equal($"ready: silo serving at 127.0.0.1:{siloPort}, gateway 127.0.0.1:{gatewayPort}, cluster e2e, service e2e-service", ready);

        await using (var client = ChildProcess.Start(
            ChildProcess.ClientProcessAssemblyPath,
            [$"--GatewayPort={gatewayPort}", "--ClusterId=e2e", "--ServiceId=e2e-service", "--Tasks=20"]))
        {
            var clientExit = await client.WaitForExitAsync(Timeout);

            // Doubler tasks on 1..20: each output is twice its input, so the outputs add up to 2 * 210.
            Assert.True(clientExit == 0, $"Client exit code {clientExit}. Client:\n{client.Transcript}\nSilo:\n{silo.Transcript}");
            Assert.Contains("result: 20/20 succeeded, sum 420", client.Output);
        }

        silo.Terminate();
        var exitCode = await silo.WaitForExitAsync(Timeout);

        Assert.True(exitCode == 0, $"Exit code {exitCode}. Output:\n{silo.Transcript}");
        Assert.Contains(silo.Output, l => l.Contains("Application is shutting down", StringComparison.Ordinal));
        Assert.DoesNotContain(silo.Output, l => l.StartsWith("[demo]", StringComparison.Ordinal));
    }
}
