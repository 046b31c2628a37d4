using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using OrleansAgents.Agents;
using OrleansAgents.Hosting;

namespace OrleansAgents.Mcp.Tools;

/// <summary>
/// <c>tools/list</c> and <c>tools/call</c> over the agent catalog: every registered agent is a tool (listed from the
/// catalog on each request, so agents deployed later appear without a restart); a call submits the agent as a task
/// for the caller's user, reports the task's progress as MCP progress notifications, cancels the task when the call
/// is cancelled, and answers with the task's output or, as a tool error, how it ended.
/// </summary>
internal sealed class AgentToolHandlers(
    IClusterClient cluster,
    McpCallers callers,
    IOptions<AgentMcpOptions> options,
    ILogger<AgentToolHandlers> logger,
    IHostApplicationLifetime? lifetime = null)
{
    /// <summary>A key per server instance: for transports without a session id (stdio), the session's identity.</summary>
    private static readonly ConditionalWeakTable<McpServer, string> ServerKeys = [];

    public async ValueTask<ListToolsResult> ListAsync(RequestContext<ListToolsRequestParams> request, CancellationToken cancellationToken)
    {
        var client = new AgentClient(cluster, callers.For(request));
        var agents = await client.ListAgentsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return new ListToolsResult { Tools = [.. agents.Select(agent => AgentTool.For(agent).ToProtocolTool())] };
    }

    public async ValueTask<CallToolResult> CallAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        var call = request.Params ?? throw new McpProtocolException("tools/call needs params with the tool's name.", McpErrorCode.InvalidParams);
        var caller = callers.For(request);
        var client = new AgentClient(cluster, caller);
        var agents = await client.ListAgentsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        var agent = agents.FirstOrDefault(a => string.Equals(a.Name, call.Name, StringComparison.Ordinal)) ?? throw UnknownTool(call.Name);
        var tool = AgentTool.For(agent);
        if (tool.Input(call.Arguments, out var argumentError) is not { } input)
        {
            return Error(argumentError!, taskId: null);
        }

        var taskId = McpTaskIds.For(caller.UserId, call, SessionKey(request.Server), request.JsonRpcRequest?.Id);
        try
        {
            await client.SubmitRouteAsync([agent.Name], input, taskId, options.Value.TaskTimeout).ConfigureAwait(false);
        }
        catch (AgentNotFoundException)
        {
            // Removed between the listing and the submit.
            throw UnknownTool(call.Name);
        }
        catch (ArgumentException exception)
        {
            // Input the agent rejects (or the same idempotency key with other arguments): an error the model can correct.
            return Error(exception.Message, taskId);
        }

        AgentMcpLog.CallStarted(logger, call.Name, caller.UserId, taskId);
        AgentTaskEvent end;
        try
        {
            end = await FollowAsync(client, taskId, request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await CancelTaskAsync(client, call.Name, taskId).ConfigureAwait(false);
            throw;
        }

        return Result(end);
    }

    private static McpProtocolException UnknownTool(string name) =>
        new($"Unknown tool: '{name}'.", McpErrorCode.InvalidParams);

    private static string SessionKey(McpServer server) =>
        server.SessionId ?? ServerKeys.GetValue(server, _ => Guid.NewGuid().ToString("N"));

    /// <summary>
    /// Follows the task's persisted events to its end (<see cref="AgentClient.WatchEventsAsync"/>: replayed, then live,
    /// riding out a silo that dies meanwhile), sending a progress notification whenever its progress grows.
    /// </summary>
    private async Task<AgentTaskEvent> FollowAsync(AgentClient client, string taskId, RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        var progressToken = request.Params?.ProgressToken;
        var reported = -1.0;
        await foreach (var next in client.WatchEventsAsync(taskId, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (progressToken is { } token && next.Progress.Percent > reported)
            {
                // MCP progress must increase: a status change without news of progress is not reported.
                reported = next.Progress.Percent;
                await NotifyProgressAsync(request.Server, token, next, cancellationToken).ConfigureAwait(false);
            }

            if (next.Status.IsTerminal())
            {
                return next;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw new InvalidOperationException($"The events of task {taskId} ended before its terminal event.");
    }

    private async Task NotifyProgressAsync(McpServer server, ProgressToken token, AgentTaskEvent taskEvent, CancellationToken cancellationToken)
    {
        try
        {
            await server.NotifyProgressAsync(
                token,
                new ProgressNotificationValue
                {
                    Progress = (float)taskEvent.Progress.Percent,
                    Total = 100,
                    Message = taskEvent.Progress.Message ?? taskEvent.Status.ToString(),
                },
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A client that stopped listening for progress still gets the result.
            AgentMcpLog.ProgressFailed(logger, taskEvent.TaskId, exception);
        }
    }

    private async Task CancelTaskAsync(AgentClient client, string tool, string taskId)
    {
        if (lifetime?.ApplicationStopping.IsCancellationRequested == true)
        {
            // The server is stopping, not the client cancelling: the task carries on (and is recovered) without it.
            return;
        }

        AgentMcpLog.CallCancelled(logger, tool, taskId);
        try
        {
            await client.CancelAsync(taskId).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            AgentMcpLog.CancelFailed(logger, taskId, exception);
        }
    }

    private static CallToolResult Result(AgentTaskEvent task)
    {
        if (task.Status != AgentTaskStatus.Succeeded)
        {
            var reason = task.Error is { } error ? $": {error.Message}" : ".";
            return Error($"Task {task.TaskId} ended {task.Status}{reason}", task.TaskId);
        }

        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = task.Output is { } output ? output.GetRawText() : "null" }],
            StructuredContent = task.Output is { ValueKind: JsonValueKind.Object } structured ? structured : null,
            Meta = TaskMeta(task.TaskId),
        };
    }

    private static CallToolResult Error(string message, string? taskId) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = message }],
        Meta = taskId is null ? null : TaskMeta(taskId),
    };

    private static JsonObject TaskMeta(string taskId) => new() { [McpTaskIds.TaskIdMeta] = taskId };
}
