namespace OrleansAgents.Hosting;

/// <summary>Options of the PostgreSQL reminder table.</summary>
public sealed class PostgresReminderOptions : PostgresProviderOptions
{
    /// <summary>The default <see cref="TableName"/>.</summary>
    public const string DefaultTableName = "orleansagents_reminders";

    /// <summary>The table holding the reminders: one row per (service id, grain id, reminder name).</summary>
    /// <value><c>orleansagents_reminders</c>.</value>
    public string TableName { get; set; } = DefaultTableName;

    /// <summary>
    /// The service whose reminders these are. Unlike a cluster id, it stays the same across deployments, so the
    /// reminders of a redeployed cluster keep firing; services sharing one database keep theirs apart with it.
    /// </summary>
    /// <value><c>default</c>.</value>
    public string ServiceId { get; set; } = "default";
}
