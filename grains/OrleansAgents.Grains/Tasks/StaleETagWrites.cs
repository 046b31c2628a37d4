namespace OrleansAgents.Agents;

/// <summary>
/// Writes a grain's state when its ETag may be stale: a write whose answer was lost (a storage timeout) can have landed,
/// leaving storage a newer ETag than the grain holds, and then every later write of the activation fails with an
/// <see cref="InconsistentStateException"/> until it is deactivated. On such a conflict this re-reads storage (taking its
/// ETag), lets a merge put what this activation knows into what storage holds, and writes again.
/// </summary>
internal static class StaleETagWrites
{
    private const int MaxConflicts = 3;

    /// <param name="state">The grain's state.</param>
    /// <param name="merge">Combines the stored state (first) with this activation's (second) into the state to write.</param>
    /// <param name="cancellationToken">Cancels the reads and writes.</param>
    public static async Task WriteStateAsync<T>(this IPersistentState<T> state, Func<T, T, T> merge, CancellationToken cancellationToken = default)
    {
        for (var conflicts = 0; ; conflicts++)
        {
            try
            {
                await state.WriteStateAsync(cancellationToken).ConfigureAwait(true);
                return;
            }
            catch (InconsistentStateException) when (conflicts < MaxConflicts)
            {
                var ours = state.State;
                await state.ReadStateAsync(cancellationToken).ConfigureAwait(true);
                state.State = merge(state.State, ours);
            }
        }
    }
}
