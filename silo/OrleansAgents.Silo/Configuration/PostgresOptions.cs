namespace OrleansAgents.SiloHost.Configuration;

/// <summary>
/// The PostgreSQL server used when <see cref="SiloStorageOptions.Provider"/> is <c>Postgres</c>: grain storage,
/// reminders and membership all use it. Bound from <c>OrleansAgents:Postgres</c>.
/// </summary>
internal sealed class PostgresOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "OrleansAgents:Postgres";

    /// <summary>
    /// An Npgsql connection string, for example <c>Host=postgres;Database=orleansagents;Username=orleans;Password=...</c>.
    /// </summary>
    /// <value><c>null</c>; required when the provider is <c>Postgres</c>, ignored otherwise.</value>
    public string? ConnectionString { get; set; }
}
