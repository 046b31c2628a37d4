using System.Security.Claims;
using OrleansAgents.Agents;

namespace OrleansAgents.Http.Security;

/// <summary>The agent caller an authenticated principal acts as.</summary>
internal static class CallerPrincipal
{
    public static AgentCaller ToCaller(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var user = principal.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("The request reached an agent endpoint without an authenticated user.");
        return new AgentCaller(user, principal.HasClaim(AgentHttpAuthentication.AdminClaim, "true"));
    }
}
