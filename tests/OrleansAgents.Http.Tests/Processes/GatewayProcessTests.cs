using System.Net;
using System.Net.Http.Json;
using OrleansAgents.Agents;
using OrleansAgents.Http.Tests.Infrastructure;
using OrleansAgents.Tests.Shared;
using Xunit;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Xunit.Abstractions;

namespace OrleansAgents.Http.Tests.Processes;

/// <summary>The standalone gateway (<c>OrleansAgents.Silo gateway --http URL</c>) against a real silo process.</summary>
public sealed class GatewayProcessTests(ITestOutputHelper log)
{
    [Fact]
    public async Task The_gateway_process_serves_the_API_of_a_silo_it_reaches_as_an_Orleans_client()
    {
        await using var processes = new HttpProcesses([]) { Log = log };
        var gatewayPort = LoopbackPorts.Next();

        // The gateway starts first and waits for the cluster; the silo serves HTTP itself too.
        var gatewayStart = processes.StartGatewayAsync("gateway", $"--OrleansAgents:Silo:GatewayPort={gatewayPort}");
        var (_, siloHttp) = await processes.StartSiloAsync("silo", LoopbackPorts.Next(), gatewayPort);
        var (_, gatewayHttp) = await gatewayStart;
        using var gateway = HttpProcesses.Client(gatewayHttp);
        using var silo = HttpProcesses.Client(siloHttp);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        using var submitted = await gateway.PostAsJsonAsync("/tasks", new { agent = "slow", input = SlowInput(3, 100), id = "through-the-gateway" }, Api.Json, cancel.Token);
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);

        await using var events = await SseClient.OpenAsync(gateway, "through-the-gateway", null, cancel.Token);
        Assert.True(await events.ReadUntilAsync(e => e.Status.IsTerminal(), cancel.Token), "The gateway's stream ended before the terminal event.");
        Assert.Equal(Enumerable.Range(1, events.Seen.Count).Select(i => (long)i), events.Seen.Select(e => e.Sequence));
        Assert.Equal(AgentTaskStatus.Succeeded, events.Seen[^1].Status);
        Assert.Equal("step 3 of 3", events.Seen[^1].Progress.Message);

        // The same cluster behind both front doors; the gateway answers bad input as the silo does.
        var read = await silo.GetFromJsonAsync<AgentTaskSnapshot>("/tasks/through-the-gateway", Api.Json, cancel.Token);
        Assert.Equal(AgentTaskStatus.Succeeded, read!.Status);
        using var unknown = await gateway.PostAsJsonAsync("/tasks", new { agent = "no-such-agent" }, Api.Json, cancel.Token);
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound, Http.Errors.ProblemTypes.UnknownAgent);
        using var anonymous = new HttpClient { BaseAddress = gatewayHttp };
        using var refused = await anonymous.GetAsync("/agents", cancel.Token);
        await refused.AssertProblemAsync(HttpStatusCode.Unauthorized);

        // Both front doors serve MCP at /mcp behind the same API keys: the agents are tools, a call runs a task.
        foreach (var door in new[] { gatewayHttp, siloHttp })
        {
            await using var mcp = await McpClient.CreateAsync(
                new HttpClientTransport(new HttpClientTransportOptions
                {
                    Endpoint = new Uri(door, "/mcp"),
                    AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {HttpProcesses.Key}" },
                }),
                cancellationToken: cancel.Token);
            var tools = await mcp.ListToolsAsync(cancellationToken: cancel.Token);
            Assert.Contains(tools, t => t.Name == "doubler");
            var doubled = await mcp.CallToolAsync("doubler", new Dictionary<string, object?> { ["input"] = 21 }, cancellationToken: cancel.Token);
            Assert.NotEqual(true, doubled.IsError);
            Assert.Equal("42", Assert.IsType<TextContentBlock>(Assert.Single(doubled.Content)).Text);
        }

        using var anonymousMcp = await anonymous.PostAsync("/mcp", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), cancel.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousMcp.StatusCode);
    }

    /// <summary>The slow agent's input, its properties spelled as declared (agent inputs are read case-insensitively anyway).</summary>
    internal static Dictionary<string, int> SlowInput(int steps, int stepMilliseconds) => new() { ["Steps"] = steps, ["StepMilliseconds"] = stepMilliseconds };
}
