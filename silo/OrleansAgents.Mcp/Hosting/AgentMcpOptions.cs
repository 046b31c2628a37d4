namespace OrleansAgents.Hosting;

/// <summary>Options of the MCP front door (<c>AddAgentMcp</c>, <c>AddAgentMcpStdio</c>).</summary>
public sealed class AgentMcpOptions
{
    /// <summary>The server name announced to MCP clients.</summary>
    /// <value><c>OrleansAgents</c>.</value>
    public string ServerName { get; set; } = "OrleansAgents";

    /// <summary>
    /// The user every call acts for when the transport carries no authenticated user (stdio). Over Streamable HTTP the
    /// user is the authenticated principal's <see cref="System.Security.Claims.ClaimTypes.NameIdentifier"/> and this is
    /// ignored; a request without one is refused.
    /// </summary>
    /// <value><c>null</c>.</value>
    public string? UserId { get; set; }

    /// <summary>A timeout for the tasks that tool calls submit; <c>null</c> keeps each agent's configured timeout.</summary>
    /// <value><c>null</c>.</value>
    public TimeSpan? TaskTimeout { get; set; }
}
