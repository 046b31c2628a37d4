using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using OrleansAgents.Agents;
using OrleansAgents.Mcp.Tests.Infrastructure;
using Xunit;

namespace OrleansAgents.Mcp.Tests;

/// <summary>Agents as MCP tools over Streamable HTTP, driven by the ModelContextProtocol client.</summary>
[Collection(McpHost.Collection)]
public sealed class McpToolTests(McpHost host)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Tools_are_the_registered_agents_with_their_input_schemas()
    {
        await using var client = await host.ConnectAsync(NewUser());
        var agents = await host.Cluster.ClientFor("lister").ListAgentsAsync();

        var tools = await client.ListToolsAsync();

        Assert.Equal(agents.Select(a => a.Name).Order(), tools.Select(t => t.Name).Order());
        Assert.All(tools, tool => Assert.Equal(agents.Single(a => a.Name == tool.Name).Description, tool.Description));

        // An object input: the agent's schema is the tool's.
        var halfway = agents.Single(a => a.Name == HalfwayAgent.Name);
        Assert.True(JsonElement.DeepEquals(halfway.InputSchema, Tool(tools, HalfwayAgent.Name).InputSchema), Tool(tools, HalfwayAgent.Name).InputSchema.GetRawText());

        // A number input: MCP arguments are an object, so the tool takes it as its one argument "input".
        var doubler = Tool(tools, "doubler").InputSchema;
        Assert.Equal("object", doubler.GetProperty("type").GetString());
        Assert.True(JsonElement.DeepEquals(agents.Single(a => a.Name == "doubler").InputSchema, doubler.GetProperty("properties").GetProperty("input")), doubler.GetRawText());
        Assert.Equal(["input"], doubler.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Calling_a_tool_runs_the_agent_as_a_task_of_the_caller_and_answers_with_its_output()
    {
        var user = NewUser();
        await using var client = await host.ConnectAsync(user);

        var result = await client.CallToolAsync("doubler", new Dictionary<string, object?> { ["input"] = 21 });

        Assert.NotEqual(true, result.IsError);
        Assert.Equal("42", Text(result));
        var task = await host.Cluster.ClientFor(user).GetAsync(TaskId(result));
        Assert.Equal(AgentTaskStatus.Succeeded, task.Status);
        Assert.Equal(user, task.UserId);
        Assert.Equal(["doubler"], task.Route);
        Assert.Equal(21, task.Input.GetDouble());
    }

    [Fact]
    public async Task An_agent_taking_an_object_gets_the_arguments_and_an_object_output_is_also_structured_content()
    {
        var gate = Guid.NewGuid().ToString("N");
        host.Gates.Open(gate);
        await using var client = await host.ConnectAsync(NewUser());

        var result = await client.CallToolAsync(HalfwayAgent.Name, new Dictionary<string, object?> { ["Gate"] = gate });

        Assert.NotEqual(true, result.IsError);
        Assert.Equal(gate, JsonNode.Parse(Text(result))!["done"]!.GetValue<string>());
        Assert.NotNull(result.StructuredContent);
        Assert.Equal(gate, result.StructuredContent.Value.GetProperty("done").GetString());
    }

    [Fact]
    public async Task A_running_call_sends_the_tasks_progress_as_progress_notifications()
    {
        var gate = Guid.NewGuid().ToString("N");
        var progress = new ProgressLog(HalfwayAgent.ProgressMessage);
        await using var client = await host.ConnectAsync(NewUser());

        var call = client.CallToolAsync(HalfwayAgent.Name, new Dictionary<string, object?> { ["Gate"] = gate }, progress).AsTask();
        // The agent waits at its gate after reporting: the notification arrives while the call is still running.
        await progress.Seen.WaitAsync(Deadline);
        Assert.False(call.IsCompleted);
        host.Gates.Open(gate);
        var result = await call.WaitAsync(Deadline);

        Assert.NotEqual(true, result.IsError);
        var values = progress.Values;
        Assert.Contains(values, v => v.Progress == 50 && v.Total == 100 && v.Message == HalfwayAgent.ProgressMessage);
        // MCP progress must increase, so the server never sends a value twice. (The client may hand notifications to
        // IProgress out of order: it dispatches them concurrently.)
        var progressValues = values.Select(v => v.Progress).ToList();
        Assert.True(progressValues.Distinct().Count() == progressValues.Count, $"A progress value was sent twice: {string.Join(", ", progressValues)}");
    }

    [Theory]
    [InlineData(null)]         // the latest revision, stateless
    [InlineData("2025-11-25")] // the initialize handshake
    public async Task Cancelling_a_call_cancels_its_task(string? protocolVersion)
    {
        var user = NewUser();
        var progress = new ProgressLog(HangingAgent.ProgressMessage);
        await using var client = await host.ConnectAsync(user, protocolVersion);
        using var cancel = new CancellationTokenSource();

        var call = client.CallToolAsync(HangingAgent.Name, new Dictionary<string, object?> { ["Gate"] = "unused" }, progress, cancellationToken: cancel.Token).AsTask();
        await progress.Seen.WaitAsync(Deadline);
        // The user's listing follows the task's writes asynchronously (changes gather for a few milliseconds).
        IReadOnlyList<AgentTaskSummary> listed = [];
        await host.Cluster.EventuallyAsync(async () => (listed = await host.Cluster.ClientFor(user).ListAsync()).Count > 0, Deadline, "the user's listing to show the running task");
        var running = Assert.Single(listed);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Deadline));
        var ended = await host.Cluster.WaitForTerminalAsync(running.TaskId, new AgentCaller(user), Deadline);
        Assert.Equal(AgentTaskStatus.Cancelled, ended.Status);
    }

    [Fact]
    public async Task An_unknown_tool_is_a_JSON_RPC_invalid_params_error_and_submits_nothing()
    {
        var user = NewUser();
        await using var client = await host.ConnectAsync(user);

        var error = await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync("no-such-agent").AsTask());

        Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
        Assert.Contains("no-such-agent", error.Message, StringComparison.Ordinal);
        Assert.Empty(await host.Cluster.ClientFor(user).ListAsync());
    }

    [Fact]
    public async Task A_failing_agent_answers_with_a_tool_error_naming_how_the_task_ended()
    {
        var user = NewUser();
        await using var client = await host.ConnectAsync(user);

        var result = await client.CallToolAsync("value-error", new Dictionary<string, object?> { ["input"] = "bad" });

        Assert.True(result.IsError);
        Assert.Contains("Failed", Text(result), StringComparison.Ordinal);
        Assert.Contains("invalid value: \"bad\"", Text(result), StringComparison.Ordinal);
        Assert.Equal(AgentTaskStatus.Failed, (await host.Cluster.ClientFor(user).GetAsync(TaskId(result))).Status);
    }

    [Fact]
    public async Task Arguments_that_do_not_fit_the_tool_are_a_tool_error_the_caller_can_correct()
    {
        var user = NewUser();
        await using var client = await host.ConnectAsync(user);

        var missing = await client.CallToolAsync("doubler", new Dictionary<string, object?> { ["number"] = 2 });
        var malformed = await client.CallToolAsync("doubler", new Dictionary<string, object?> { ["input"] = "two" });

        Assert.True(missing.IsError);
        Assert.Contains("'number' is not one of its arguments", Text(missing), StringComparison.Ordinal);
        Assert.True(malformed.IsError);
        Assert.Empty(await host.Cluster.ClientFor(user).ListAsync());
    }

    [Fact]
    public async Task A_call_with_an_idempotency_key_runs_once_however_often_it_is_repeated()
    {
        var user = NewUser();
        var options = new RequestOptions { Meta = new JsonObject { ["orleansagents/idempotencyKey"] = "order-17" } };
        await using var first = await host.ConnectAsync(user);
        await using var second = await host.ConnectAsync(user);

        var once = await first.CallToolAsync("doubler", new Dictionary<string, object?> { ["input"] = 4 }, options: options);
        var again = await second.CallToolAsync("doubler", new Dictionary<string, object?> { ["input"] = 4 }, options: options);

        Assert.Equal("8", Text(again));
        Assert.Equal(TaskId(once), TaskId(again));
        Assert.Single(await host.Cluster.ClientFor(user).ListAsync());
    }

    internal static string NewUser() => "u" + Guid.NewGuid().ToString("N")[..10];

    internal static string Text(CallToolResult result) => Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;

    internal static string TaskId(CallToolResult result) => result.Meta?["orleansagents/taskId"]?.GetValue<string>()
        ?? throw new Xunit.Sdk.XunitException("The result names no task in _meta.");

    private static Tool Tool(IEnumerable<McpClientTool> tools, string name) => tools.Single(t => t.Name == name).ProtocolTool;
}
