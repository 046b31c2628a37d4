using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansAgents.Agents;
using OrleansAgents.Http.Security;

namespace OrleansAgents.Http.Agents;

/// <summary><c>GET /agents</c>: the registered agents with their input JSON Schemas.</summary>
internal static class AgentEndpoints
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/agents", async (HttpContext context, AgentClients clients) =>
                TypedResults.Ok(await clients.For(context.User).ListAgentsAsync().ConfigureAwait(false)))
            .WithName("ListAgents")
            .WithSummary("Lists the registered agents with their descriptions and input JSON Schemas.")
            .Produces<IReadOnlyList<AgentDescriptor>>();
}
