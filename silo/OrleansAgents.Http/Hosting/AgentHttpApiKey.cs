namespace OrleansAgents.Hosting;

/// <summary>One API key: the user it authenticates, by the key's SHA-256 (the key itself is never configured).</summary>
public sealed class AgentHttpApiKey
{
    /// <summary>The user id requests with this key act for.</summary>
    public string User { get; set; } = string.Empty;

    /// <summary>
    /// The SHA-256 of the key's UTF-8 bytes, as 64 hexadecimal digits (e.g. <c>printf %s "$KEY" | sha256sum</c>).
    /// </summary>
    public string KeySha256 { get; set; } = string.Empty;

    /// <summary>Whether the user is an admin (sees and cancels every user's tasks).</summary>
    /// <value><c>false</c>.</value>
    public bool Admin { get; set; }
}
