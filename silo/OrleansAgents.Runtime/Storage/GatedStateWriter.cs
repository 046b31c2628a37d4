namespace OrleansAgents.Runtime;

/// <summary>
/// Serialized change-and-write of one persistent state, for grains whose writes can interleave (reentrant or
/// always-interleave methods). A write that fails, or times out having perhaps been applied, re-reads what is stored
/// before the failure reaches the caller: the change is then not kept in memory only, and the next write does not
/// fail forever on a stale ETag. The caller sees the failure and may retry.
/// </summary>
internal sealed class GatedStateWriter<TState>(IPersistentState<TState> state)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Applies <paramref name="change"/> and writes; <paramref name="afterReload"/> runs after a failed write's re-read.</summary>
    public async Task WriteAsync(Action<TState> change, Func<Task>? afterReload = null)
    {
        await _gate.WaitAsync().ConfigureAwait(true);
        try
        {
            change(state.State);
            try
            {
                await state.WriteStateAsync().ConfigureAwait(true);
            }
            catch
            {
                await state.ReadStateAsync().ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
                if (afterReload is not null)
                {
                    await afterReload().ConfigureAwait(true);
                }

                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
