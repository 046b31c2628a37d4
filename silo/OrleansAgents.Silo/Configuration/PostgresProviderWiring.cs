using OrleansAgents.Hosting;

namespace OrleansAgents.SiloHost.Configuration;

/// <summary>
/// The one place that wires the PostgreSQL providers into the silo. Everything else in the host is
/// provider-neutral: <see cref="SiloStorageOptions"/> selects, the validators explain, this class wires.
/// </summary>
internal static class PostgresProviderWiring
{
    /// <summary>The start-up failure shown while this build lacks the PostgreSQL providers.</summary>
    public const string NotAvailableMessage = "PostgreSQL providers not available in this build";

    // POSTGRES-WIRING: return true once OrleansAgents.Postgres is referenced by OrleansAgents.Silo.csproj.

    /// <summary>Whether this build contains the PostgreSQL providers.</summary>
    public static bool IsAvailable => false;

    /// <summary>Adds PostgreSQL grain storage (as the default provider), reminders and membership.</summary>
    public static void AddTo(ISiloBuilder silo, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        // POSTGRES-WIRING: replace the throw with
        //   silo.AddPostgresGrainStorage(StorageNames.Default, o => o.ConnectionString = connectionString);
        //   silo.UsePostgresReminderService(o => o.ConnectionString = connectionString);
        //   silo.UsePostgresClustering(o => o.ConnectionString = connectionString);
        throw new InvalidOperationException(NotAvailableMessage + ".");
    }
}
