using System.Text.Json.Nodes;
using ModelContextProtocol;
using OrleansAgents.Agents;
using OrleansAgents.Mcp.Tests.Infrastructure;
using Xunit;

namespace OrleansAgents.Mcp.Tests;

/// <summary>MCP calls act for the authenticated user only, as the HTTP API does.</summary>
[Collection(McpHost.Collection)]
public sealed class McpUserScopingTests(McpHost host)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Two_users_calling_with_the_same_idempotency_key_get_their_own_tasks_that_the_other_cannot_see()
    {
        var (alice, bob) = (McpToolTests.NewUser(), McpToolTests.NewUser());
        var options = new RequestOptions { Meta = new JsonObject { ["orleansagents/idempotencyKey"] = "shared-key" } };
        await using var aliceClient = await host.ConnectAsync(alice);
        await using var bobClient = await host.ConnectAsync(bob);

        var aliceResult = await aliceClient.CallToolAsync("doubler", new Dictionary<string, object?> { ["input"] = 2 }, options: options);
        var bobResult = await bobClient.CallToolAsync("doubler", new Dictionary<string, object?> { ["input"] = 5 }, options: options);

        Assert.Equal("4", McpToolTests.Text(aliceResult));
        Assert.Equal("10", McpToolTests.Text(bobResult));
        var (aliceTask, bobTask) = (McpToolTests.TaskId(aliceResult), McpToolTests.TaskId(bobResult));
        Assert.NotEqual(aliceTask, bobTask);
        await Assert.ThrowsAsync<AgentTaskNotFoundException>(() => host.Cluster.ClientFor(bob).GetAsync(aliceTask));
        await Assert.ThrowsAsync<AgentTaskNotFoundException>(() => host.Cluster.ClientFor(alice).GetAsync(bobTask));
        Assert.Equal([aliceTask], (await host.Cluster.ClientFor(alice).ListAsync()).Select(t => t.TaskId));
        Assert.Equal([bobTask], (await host.Cluster.ClientFor(bob).ListAsync()).Select(t => t.TaskId));
    }

    [Fact]
    public async Task Another_users_calls_leave_a_running_call_alone()
    {
        var (alice, bob) = (McpToolTests.NewUser(), McpToolTests.NewUser());
        var gate = Guid.NewGuid().ToString("N");
        var progress = new ProgressLog(HalfwayAgent.ProgressMessage);
        await using var aliceClient = await host.ConnectAsync(alice);
        await using var bobClient = await host.ConnectAsync(bob);
        var aliceCall = aliceClient.CallToolAsync(HalfwayAgent.Name, new Dictionary<string, object?> { ["Gate"] = gate }, progress).AsTask();
        await progress.Seen.WaitAsync(Deadline);

        // Bob runs the same tool on the same gate and cancels his call: only his own task is cancelled.
        var bobProgress = new ProgressLog(HalfwayAgent.ProgressMessage);
        using (var cancel = new CancellationTokenSource())
        {
            var bobCall = bobClient.CallToolAsync(HalfwayAgent.Name, new Dictionary<string, object?> { ["Gate"] = gate }, bobProgress, cancellationToken: cancel.Token).AsTask();
            await bobProgress.Seen.WaitAsync(Deadline);
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => bobCall.WaitAsync(Deadline));
        }

        var bobTask = Assert.Single(await host.Cluster.ClientFor(bob).ListAsync());
        Assert.Equal(AgentTaskStatus.Cancelled, (await host.Cluster.WaitForTerminalAsync(bobTask.TaskId, new AgentCaller(bob), Deadline)).Status);
        var aliceTask = Assert.Single(await host.Cluster.ClientFor(alice).ListAsync());
        Assert.False((await host.Cluster.ClientFor(alice).GetAsync(aliceTask.TaskId)).Status.IsTerminal());

        host.Gates.Open(gate);
        var result = await aliceCall.WaitAsync(Deadline);
        Assert.NotEqual(true, result.IsError);
        Assert.Equal(aliceTask.TaskId, McpToolTests.TaskId(result));
    }
}
