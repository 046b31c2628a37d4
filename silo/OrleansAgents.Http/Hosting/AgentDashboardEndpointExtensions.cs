using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orleans.Dashboard;
using OrleansAgents.Http.Pages;
using OrleansAgents.Http.Security;

namespace OrleansAgents.Hosting;

/// <summary>Puts the browser's pages and the Orleans Dashboard on a web host that serves the HTTP API.</summary>
public static class AgentDashboardEndpointExtensions
{
    /// <summary>The path the Orleans Dashboard is mapped under.</summary>
    public const string DashboardPath = "/dashboard";

    /// <summary>
    /// Maps the sign-in (<c>GET/POST /login</c>, <c>POST /logout</c>: an API key for an HttpOnly, SameSite=Strict cookie),
    /// the agent-tasks page <c>/tasks-ui</c> (the signed-in user's tasks) and, when the silo registered it with
    /// <c>AddDashboard()</c>, the Orleans Dashboard under <c>/dashboard</c> for signed-in admins only (it shows the whole
    /// cluster). Call after <c>MapAgentHttpApi</c>, whose middleware authenticates the cookie.
    /// </summary>
    /// <param name="endpoints">The web host's endpoints.</param>
    /// <param name="includeOrleansDashboard">Whether to map the Orleans Dashboard (needs <c>AddDashboard()</c> on the silo or client builder).</param>
    public static IEndpointRouteBuilder MapAgentPages(this IEndpointRouteBuilder endpoints, bool includeOrleansDashboard = true)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        PageEndpoints.Map(endpoints);
        if (includeOrleansDashboard)
        {
            endpoints.MapOrleansDashboard(DashboardPath)
                .RequireAuthorization(AgentHttpAuthentication.DashboardPolicy)
                .ExcludeFromDescription();
        }

        return endpoints;
    }
}
