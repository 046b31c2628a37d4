namespace OrleansAgents.Hosting;

/// <summary>What every PostgreSQL provider needs: where the database is and where its table lives.</summary>
public abstract class PostgresProviderOptions
{
    /// <summary>The Npgsql connection string, for example <c>Host=db;Username=silo;Password=...;Database=agents</c>.</summary>
    /// <value>Empty. Required: the silo refuses to start without it.</value>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The schema that holds the provider's table; created when missing and <see cref="CreateSchema"/> is set.</summary>
    /// <value><c>public</c>.</value>
    public string Schema { get; set; } = "public";

    /// <summary>
    /// Whether the provider creates its schema and table when they are missing (<c>CREATE ... IF NOT EXISTS</c>,
    /// serialized across silos by an advisory lock). Turn it off when the database user may not run DDL and
    /// the tables are created ahead of time (the statements are in the package README).
    /// </summary>
    /// <value><c>true</c>.</value>
    public bool CreateSchema { get; set; } = true;
}
