using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace OrleansAgents.Hosting;

/// <summary>Maps the MCP front door registered with <c>AddAgentMcp</c>.</summary>
public static class AgentMcpEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps MCP's Streamable HTTP endpoint at <paramref name="pattern"/>, for authenticated users only (the app's
    /// authentication must put the user id in <see cref="System.Security.Claims.ClaimTypes.NameIdentifier"/>). A body
    /// that is not JSON gets JSON-RPC's parse error (-32700); other malformed messages get the SDK's JSON-RPC errors.
    /// </summary>
    /// <returns>The endpoint conventions, for more (rate limiting, a specific policy).</returns>
    public static IEndpointConventionBuilder MapAgentMcp(this IEndpointRouteBuilder endpoints, string pattern = "/mcp")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        var mcp = endpoints.MapMcp(pattern).RequireAuthorization();
        mcp.Add(JsonRpcParseErrors.Guard);
        return mcp;
    }
}
