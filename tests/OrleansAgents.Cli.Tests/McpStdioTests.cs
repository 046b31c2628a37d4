using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using OrleansAgents.Cli.Tests.Infrastructure;
using Xunit;

namespace OrleansAgents.Cli.Tests;

/// <summary><c>oa mcp</c> started by an MCP client over stdio (the ModelContextProtocol client's stdio transport).</summary>
[Collection(SiloProcess.Collection)]
public sealed class McpStdioTests(SiloProcess silo)
{
    [Fact]
    public async Task An_MCP_client_starts_oa_mcp_lists_the_agents_as_tools_and_calls_one_as_a_task_of_the_user()
    {
        var oa = new Oa(silo, Oa.NewUser());
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "oa mcp",
            Command = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            Arguments = [Oa.AssemblyPath, .. oa.Args("mcp")],
        });
        using var deadline = new CancellationTokenSource(Oa.CommandTimeout);
        await using var client = await McpClient.CreateAsync(transport, cancellationToken: deadline.Token);

        var tools = await client.ListToolsAsync(cancellationToken: deadline.Token);
        var result = await client.CallToolAsync("doubler", new Dictionary<string, object?> { ["input"] = 21 }, cancellationToken: deadline.Token);

        Assert.Contains(tools, t => t.Name == "doubler" && t.Description == "Doubles a number.");
        Assert.Contains(tools, t => t.Name == "slow");
        Assert.NotEqual(true, result.IsError);
        Assert.Equal("42", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
        var taskId = result.Meta?["orleansagents/taskId"]?.GetValue<string>();
        Assert.NotNull(taskId);
        var get = await oa.RunAsync("get", taskId, "--json");
        get.AssertExit(0);
        Assert.Equal(oa.User, get.JsonLines[0].GetProperty("userId").GetString());
    }

    [Fact]
    public async Task The_silo_serves_the_same_tools_at_mcp_over_Streamable_HTTP_for_the_API_keys_user()
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri($"{silo.HttpUrl}/mcp"),
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {SiloProcess.HttpKey}" },
        });
        using var deadline = new CancellationTokenSource(Oa.CommandTimeout);
        await using var client = await McpClient.CreateAsync(transport, cancellationToken: deadline.Token);

        var result = await client.CallToolAsync("doubler", new Dictionary<string, object?> { ["input"] = 8 }, cancellationToken: deadline.Token);

        Assert.Equal("16", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
        var get = await new Oa(silo, SiloProcess.HttpUser, http: true).RunAsync("get", result.Meta!["orleansagents/taskId"]!.GetValue<string>(), "--json");
        get.AssertExit(0);
        Assert.Equal(SiloProcess.HttpUser, get.JsonLines[0].GetProperty("userId").GetString());
    }
}
