namespace OrleansAgents.Runtime;

/// <summary>
/// A grain storage provider: keeps each grain's named state as UTF-8 JSON with an ETag. Every write and clear
/// names the ETag the writer last saw; when the stored ETag differs, the provider throws
/// <see cref="InconsistentStateException"/> and changes nothing. Implementations: in-memory and PostgreSQL.
/// </summary>
public interface IGrainStorage
{
    /// <summary>Reads a grain's state, or returns <c>null</c> when no record exists.</summary>
    Task<GrainStateRecord?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellationToken);

    /// <summary>Writes a grain's state and returns the new ETag.</summary>
    /// <param name="stateName">The state's name.</param>
    /// <param name="grainId">The grain.</param>
    /// <param name="json">The state as UTF-8 JSON; a pooled buffer, valid only until the returned task completes (copy what is kept).</param>
    /// <param name="expectedEtag">The ETag last read or written; <c>null</c> when the writer saw no record.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <exception cref="InconsistentStateException">The stored ETag is not <paramref name="expectedEtag"/>.</exception>
    Task<string> WriteAsync(string stateName, GrainId grainId, ReadOnlyMemory<byte> json, string? expectedEtag, CancellationToken cancellationToken);

    /// <summary>Deletes a grain's state.</summary>
    /// <exception cref="InconsistentStateException">The stored ETag is not <paramref name="expectedEtag"/>.</exception>
    Task ClearAsync(string stateName, GrainId grainId, string? expectedEtag, CancellationToken cancellationToken);
}
