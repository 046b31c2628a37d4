namespace OrleansAgents.Runtime;

/// <summary>
/// The shared table in which silos register, heartbeat and declare each other dead. Every silo reads it to
/// build the same view of the cluster. Implementations: in-memory (one process) and PostgreSQL.
/// </summary>
public interface IMembershipTable
{
    /// <summary>Prepares the table (creates the schema where needed).</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Reads every row of the cluster.</summary>
    Task<IReadOnlyList<MembershipEntry>> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the row of <see cref="MembershipEntry.Silo"/>, unless that row is already dead.</summary>
    /// <returns><c>false</c> when the row exists and is dead: a dead silo never comes back.</returns>
    Task<bool> UpsertAsync(MembershipEntry entry, CancellationToken cancellationToken);

    /// <summary>Writes a heartbeat for a silo.</summary>
    Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset time, CancellationToken cancellationToken);

    /// <summary>Marks a silo dead.</summary>
    /// <returns><c>true</c> when this call changed the status; <c>false</c> when it was dead already or unknown.</returns>
    Task<bool> DeclareDeadAsync(SiloAddress silo, CancellationToken cancellationToken);

    /// <summary>
    /// Registers a callback run after any change to the table, so that readers refresh at once instead of at
    /// their next poll. Tables that cannot notify return a no-op registration; readers then rely on polling.
    /// </summary>
    IDisposable OnChanged(Action callback) => NoChangeNotifications.Instance;

    private sealed class NoChangeNotifications : IDisposable
    {
        public static readonly NoChangeNotifications Instance = new();

        public void Dispose()
        {
        }
    }
}
