namespace OrleansAgents.Http.Security;

/// <summary>Names the HTTP API's authentication uses.</summary>
public static class AgentHttpAuthentication
{
    /// <summary>The authentication scheme of API keys (<c>Authorization: Bearer KEY</c> or <c>X-Api-Key: KEY</c>).</summary>
    public const string ApiKeyScheme = "OrleansAgentsApiKey";

    /// <summary>
    /// The authentication scheme of the browser sign-in (<c>POST /login</c> with a key): an HttpOnly, SameSite=Strict
    /// cookie naming the key's user.
    /// </summary>
    public const string CookieScheme = "OrleansAgentsCookie";

    /// <summary>
    /// The scheme the API's endpoints authenticate with: the API key when the request carries one, otherwise the sign-in
    /// cookie when it carries that (the tasks page's fetch and EventSource calls); a challenge is always the API key's 401.
    /// </summary>
    public const string KeyOrCookieScheme = "OrleansAgentsKeyOrCookie";

    /// <summary>The authorization policy every endpoint of the API requires: an authenticated user.</summary>
    public const string Policy = "OrleansAgents";

    /// <summary>The authorization policy of the pages (<c>/tasks-ui</c>): a user signed in with the cookie.</summary>
    public const string PagesPolicy = "OrleansAgents.Pages";

    /// <summary>
    /// The authorization policy of the Orleans Dashboard (<c>/dashboard</c>): an admin signed in with the cookie. The
    /// dashboard shows the whole cluster (grain states, reminders, logs), so it is for admins only.
    /// </summary>
    public const string DashboardPolicy = "OrleansAgents.Dashboard";

    /// <summary>The name of the sign-in cookie.</summary>
    public const string CookieName = "OrleansAgents.SignIn";

    /// <summary>The claim set to <c>true</c> for admins.</summary>
    public const string AdminClaim = "oa:admin";

    /// <summary>The header that may carry the key instead of <c>Authorization</c>.</summary>
    public const string ApiKeyHeader = "X-Api-Key";
}
