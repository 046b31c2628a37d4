using OrleansAgents.Hosting;
using OrleansAgents.Runtime;

namespace OrleansAgents.SiloHost.Configuration;

/// <summary>
/// The one place that wires the PostgreSQL providers into the silo. Everything else in the host is
/// provider-neutral: <see cref="SiloStorageOptions"/> selects, the validators explain, this class wires.
/// </summary>
internal static class PostgresProviderWiring
{
    /// <summary>
    /// Adds PostgreSQL grain storage (as the default provider), reminders and membership, all on
    /// <paramref name="connectionString"/>. Each provider still binds its own section below
    /// <c>OrleansAgents:Postgres</c> (<c>Storage:Default</c>, <c>Reminders</c>, <c>Clustering</c>) for its table and
    /// schema; the connection string given here wins over any set there.
    /// </summary>
    public static void AddTo(ISiloBuilder silo, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        silo.AddPostgresGrainStorage(StorageNames.Default, o => o.ConnectionString = connectionString);
        silo.UsePostgresReminderService(o => o.ConnectionString = connectionString);
        silo.UsePostgresClustering(o => o.ConnectionString = connectionString);
    }
}
