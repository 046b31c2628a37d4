namespace OrleansAgents.Hosting;

/// <summary>Which grain storage <see cref="AgentPostgresExtensions.UseAgentPostgres"/> registers; both use the same rows.</summary>
public enum AgentPostgresGrainStorage
{
    /// <summary>
    /// The project's storage on Npgsql: concurrent writes from all grains of a silo are group-committed (one statement
    /// and one transaction per batch), each with its own ETag check. The default.
    /// </summary>
    Npgsql,

    /// <summary>Orleans' ADO.NET grain storage (Microsoft.Orleans.Persistence.AdoNet): one statement and transaction per write.</summary>
    AdoNet,
}
