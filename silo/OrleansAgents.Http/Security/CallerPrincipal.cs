using System.Security.Claims;
using OrleansAgents.Agents;
using OrleansAgents.Hosting;

namespace OrleansAgents.Http.Security;

/// <summary>The agent caller an authenticated principal acts as.</summary>
internal static class CallerPrincipal
{
    /// <summary>The principal of a configured key's user, authenticated by <paramref name="scheme"/>.</summary>
    public static ClaimsPrincipal FromKey(AgentHttpApiKey key, string scheme)
    {
        ArgumentNullException.ThrowIfNull(key);
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, key.User), new(ClaimTypes.Name, key.User) };
        if (key.Admin)
        {
            claims.Add(new Claim(AgentHttpAuthentication.AdminClaim, "true"));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    public static AgentCaller ToCaller(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var user = principal.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("The request reached an agent endpoint without an authenticated user.");
        return new AgentCaller(user, principal.HasClaim(AgentHttpAuthentication.AdminClaim, "true"));
    }
}
