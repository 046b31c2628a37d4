using Orleans.Runtime;

namespace OrleansAgents.Hosting;

/// <summary>
/// Refuses to start a silo whose database lacks the schema the Npgsql grain storage needs (an older version that
/// nobody migrated), with a message that says what to run, instead of failing every grain's first write.
/// </summary>
internal sealed class PostgresSchemaCheck(string connectionString) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>The schema version that created the storage's functions as it calls them (<c>orleans_write_states</c>, <c>orleans_read_states</c>).</summary>
    public const int RequiredVersion = 4;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PostgresSchemaCheck), ServiceLifecycleStage.RuntimeInitialize, CheckAsync);

    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        var version = await PostgresSchema.GetVersionAsync(connectionString, cancellationToken).ConfigureAwait(false);
        if (version < RequiredVersion)
        {
            throw new InvalidOperationException(
                $"The PostgreSQL database records OrleansAgents schema version {version}; the Npgsql grain storage needs version {RequiredVersion} or newer. " +
                $"Migrate it (`OrleansAgents.Silo migrate`, or {nameof(AgentPostgresOptions)}.{nameof(AgentPostgresOptions.MigrateOnStart)} = true: OrleansAgents:Postgres:MigrateOnStart=true), then start the silo again.");
        }
    }
}
