namespace OrleansAgents.SiloHost.Configuration;

/// <summary>
/// Which provider family keeps the silo's cluster membership, grain state and reminders. Bound from
/// <c>OrleansAgents:Storage</c>. Streams stay in memory with every family (Orleans memory streams, delivered between
/// silos; their subscriptions are kept in the chosen storage).
/// </summary>
internal sealed class SiloStorageOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "OrleansAgents:Storage";

    /// <summary>The in-memory providers and localhost clustering: nothing survives the process; no external service is needed.</summary>
    public const string Memory = "Memory";

    /// <summary>PostgreSQL (Orleans' ADO.NET providers on the OrleansAgents schema), connection string from <c>OrleansAgents:Postgres</c>.</summary>
    public const string Postgres = "Postgres";

    /// <summary>Redis (Orleans' Redis providers), connection string from <c>OrleansAgents:Redis</c>.</summary>
    public const string Redis = "Redis";

    /// <summary>The configuration section of the PostgreSQL backend (<c>ConnectionString</c>, <c>MigrateOnStart</c>).</summary>
    public const string PostgresSectionName = "OrleansAgents:Postgres";

    /// <summary>The configuration section of the Redis backend (<c>ConnectionString</c>).</summary>
    public const string RedisSectionName = "OrleansAgents:Redis";

    /// <summary>The provider family: <c>Memory</c>, <c>Postgres</c> or <c>Redis</c> (case-insensitive).</summary>
    /// <value><c>Memory</c>.</value>
    public string Provider { get; set; } = Memory;

    /// <summary>Whether <see cref="Provider"/> selects the in-memory providers.</summary>
    public bool IsMemory => Is(Memory);

    /// <summary>Whether <see cref="Provider"/> selects PostgreSQL.</summary>
    public bool IsPostgres => Is(Postgres);

    /// <summary>Whether <see cref="Provider"/> selects Redis.</summary>
    public bool IsRedis => Is(Redis);

    private bool Is(string provider) => string.Equals(Provider, provider, StringComparison.OrdinalIgnoreCase);
}
