namespace OrleansAgents.Hosting;

/// <summary>Options of a PostgreSQL grain storage provider (one instance per provider name).</summary>
public sealed class PostgresStorageOptions : PostgresProviderOptions
{
    /// <summary>The default <see cref="TableName"/>.</summary>
    public const string DefaultTableName = "orleansagents_grain_state";

    /// <summary>
    /// The table holding the states: one row per (state name, grain id). Providers that share a table share
    /// their records, so give providers that must stay apart different tables.
    /// </summary>
    /// <value><c>orleansagents_grain_state</c>.</value>
    public string TableName { get; set; } = DefaultTableName;
}
