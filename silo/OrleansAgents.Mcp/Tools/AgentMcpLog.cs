using Microsoft.Extensions.Logging;

namespace OrleansAgents.Mcp.Tools;

internal static partial class AgentMcpLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "MCP tools/call {Tool} for user {UserId} runs as task {TaskId}.")]
    public static partial void CallStarted(ILogger logger, string tool, string userId, string taskId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "MCP tools/call {Tool} was cancelled by the client; cancelling task {TaskId}.")]
    public static partial void CallCancelled(ILogger logger, string tool, string taskId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Could not cancel task {TaskId} after its MCP call was cancelled.")]
    public static partial void CancelFailed(ILogger logger, string taskId, Exception exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Could not send a progress notification for task {TaskId}.")]
    public static partial void ProgressFailed(ILogger logger, string taskId, Exception exception);
}
