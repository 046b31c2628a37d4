namespace OrleansAgents.Runtime;

/// <summary>The durable table of reminders. Implementations: in-memory and PostgreSQL.</summary>
public interface IReminderTable
{
    /// <summary>Prepares the table (creates the schema where needed).</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Reads every reminder.</summary>
    Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>Reads the reminders of one grain.</summary>
    Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grainId, CancellationToken cancellationToken);

    /// <summary>Reads one reminder, or returns <c>null</c>.</summary>
    Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces a reminder and returns its new ETag.</summary>
    Task<string> UpsertRowAsync(ReminderEntry entry, CancellationToken cancellationToken);

    /// <summary>Removes a reminder if its ETag still matches.</summary>
    /// <returns><c>true</c> when the row was removed.</returns>
    Task<bool> RemoveRowAsync(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken);
}
