namespace OrleansAgents;

/// <summary>
/// A grain's persisted state, with optimistic concurrency: every write carries the ETag read or written last,
/// and a write whose ETag is stale fails with <see cref="InconsistentStateException"/> instead of overwriting.
/// </summary>
/// <typeparam name="TState">The state type, serialized with System.Text.Json.</typeparam>
public interface IPersistentState<TState>
{
    /// <summary>The state. A new instance of <typeparamref name="TState"/> when no record exists.</summary>
    TState State { get; set; }

    /// <summary>The ETag of the stored record, or <c>null</c> when none exists.</summary>
    string? Etag { get; }

    /// <summary>Whether a stored record exists.</summary>
    bool RecordExists { get; }

    /// <summary>Reads the state from storage, replacing <see cref="State"/>.</summary>
    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes <see cref="State"/> to storage.</summary>
    /// <exception cref="InconsistentStateException">The stored record changed since it was last read.</exception>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes the stored record and resets <see cref="State"/>.</summary>
    /// <exception cref="InconsistentStateException">The stored record changed since it was last read.</exception>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}
