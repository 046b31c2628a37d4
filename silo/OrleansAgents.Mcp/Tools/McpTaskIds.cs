using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace OrleansAgents.Mcp.Tools;

/// <summary>
/// The id of the task a tool call submits. A call that names a key in <c>_meta</c> (<see cref="KeyMeta"/>) gets a task
/// id derived from the user and that key, so a client repeating the call (after a lost response, on a new
/// connection) gets the same task instead of a second run. Otherwise, where the SDK gives a session (stateful Streamable
/// HTTP, one stdio server), the id is derived from the user, the session and the JSON-RPC request id, so a repeat of
/// the same request within the session is the same task; a stateless request gets a new id.
/// </summary>
internal static class McpTaskIds
{
    /// <summary>The <c>_meta</c> key of <c>tools/call</c> naming a client-chosen idempotency key.</summary>
    public const string KeyMeta = "orleansagents/idempotencyKey";

    /// <summary>The <c>_meta</c> key of a result naming the task that ran.</summary>
    public const string TaskIdMeta = "orleansagents/taskId";

    public static string For(string userId, CallToolRequestParams call, string? sessionKey, RequestId? requestId)
    {
        if (call.Meta?[KeyMeta] is JsonValue value && value.TryGetValue<string>(out var key) && key.Length > 0)
        {
            return Derive("key", userId, key);
        }

        return sessionKey is not null && requestId is { } id
            ? Derive("request", userId, sessionKey, id.ToString())
            : "mcp-" + Guid.NewGuid().ToString("N");
    }

    private static string Derive(params string[] parts)
    {
        // Length-prefixed parts: no two different part lists hash the same input.
        var text = string.Concat(parts.Select(p => $"{p.Length}:{p}"));
        return "mcp-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }
}
