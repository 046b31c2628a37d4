namespace OrleansAgents.Hosting;

/// <summary>Options of the PostgreSQL membership table.</summary>
public sealed class PostgresClusteringOptions : PostgresProviderOptions
{
    /// <summary>The default <see cref="TableName"/>.</summary>
    public const string DefaultTableName = "orleansagents_membership";

    /// <summary>The table holding the membership rows: one row per (cluster id, silo address).</summary>
    /// <value><c>orleansagents_membership</c>.</value>
    public string TableName { get; set; } = DefaultTableName;

    /// <summary>The cluster whose rows this silo reads and writes; clusters sharing a table never see each other.</summary>
    /// <value><c>null</c>: the silo's <see cref="SiloOptions.ClusterId"/>.</value>
    public string? ClusterId { get; set; }
}
