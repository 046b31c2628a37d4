namespace OrleansAgents.Cli.Backends;

/// <summary>Where and as whom the CLI connects: an HTTP gateway (<see cref="Url"/>) or a cluster through the Orleans client.</summary>
internal sealed record ConnectionSettings
{
    /// <summary>The HTTP gateway's base address; <c>null</c> to use the Orleans client.</summary>
    public Uri? Url { get; init; }

    /// <summary>The gateway's API key (sent as <c>Authorization: Bearer</c>).</summary>
    public string? ApiKey { get; init; }

    /// <summary>Silo gateway endpoints (<c>host:port</c>) for static clustering.</summary>
    public IReadOnlyList<string> Gateways { get; init; } = [];

    /// <summary>A PostgreSQL connection string: find the gateways in the cluster's membership table.</summary>
    public string? Postgres { get; init; }

    /// <summary>A Redis configuration string: find the gateways in the cluster's membership table.</summary>
    public string? Redis { get; init; }

    public string ClusterId { get; init; } = "default";

    public string ServiceId { get; init; } = "orleansagents";

    /// <summary>The user the Orleans client acts for (the gateway's API key decides it over HTTP).</summary>
    public string User { get; init; } = Environment.UserName;

    /// <summary>How long to wait for the cluster or gateway before giving up (exit code 7).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How the connection is described in messages.</summary>
    public string Describe() =>
        Url is not null ? $"gateway {Url}"
        : Postgres is not null ? "the cluster in PostgreSQL"
        : Redis is not null ? "the cluster in Redis"
        : $"cluster '{ClusterId}' at {string.Join(", ", Gateways)}";
}
