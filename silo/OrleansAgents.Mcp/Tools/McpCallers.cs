using System.Security.Claims;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using OrleansAgents.Agents;
using OrleansAgents.Hosting;

namespace OrleansAgents.Mcp.Tools;

/// <summary>Who an MCP request acts for: the authenticated user (Streamable HTTP) or the configured one (stdio).</summary>
internal sealed class McpCallers(IOptions<AgentMcpOptions> options)
{
    public AgentCaller For(MessageContext request)
    {
        if (request.User?.FindFirst(ClaimTypes.NameIdentifier)?.Value is { Length: > 0 } user)
        {
            // MCP acts for the caller's own tasks only: an admin key gets no more here than anyone else.
            return new AgentCaller(user);
        }

        if (request.User?.Identity?.IsAuthenticated != true && options.Value.UserId is { } configured)
        {
            return new AgentCaller(configured);
        }

        throw new McpProtocolException(
            $"The request has no authenticated user (a {ClaimTypes.NameIdentifier} claim); MCP calls act for a user.",
            McpErrorCode.InvalidRequest);
    }
}
