namespace OrleansAgents.Http.Security;

/// <summary>Names the HTTP API's authentication uses.</summary>
public static class AgentHttpAuthentication
{
    /// <summary>The authentication scheme of API keys (<c>Authorization: Bearer KEY</c> or <c>X-Api-Key: KEY</c>).</summary>
    public const string ApiKeyScheme = "OrleansAgentsApiKey";

    /// <summary>The authorization policy every endpoint of the API requires: an authenticated user.</summary>
    public const string Policy = "OrleansAgents";

    /// <summary>The claim set to <c>true</c> for admins.</summary>
    public const string AdminClaim = "oa:admin";

    /// <summary>The header that may carry the key instead of <c>Authorization</c>.</summary>
    public const string ApiKeyHeader = "X-Api-Key";
}
