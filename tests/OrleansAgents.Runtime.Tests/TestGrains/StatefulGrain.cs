namespace OrleansAgents.Runtime.Tests.TestGrains;

public sealed class StatefulGrain([PersistentState("counter")] IPersistentState<CounterState> state, SiloMarker silo) : Grain, IStatefulGrain
{
    public Task<CounterState> GetAsync() => Task.FromResult(state.State);

    public async Task<int> IncrementAsync(string note)
    {
        state.State.Count++;
        state.State.Notes.Add(note);
        await state.WriteStateAsync();
        return state.State.Count;
    }

    public Task ClearAsync() => state.ClearStateAsync();

    public Task<string?> GetEtagAsync() => Task.FromResult(state.Etag);

    private readonly string _activationId = Guid.NewGuid().ToString("N");

    public Task<string> GetSiloAsync() => Task.FromResult(silo.Name);

    public Task<string> GetActivationIdAsync() => Task.FromResult(_activationId);

    public Task StartLateIncrementAsync(string note)
    {
        var late = LateWrites.For(this.GetPrimaryKeyString());
        _ = IncrementWhenOpenedAsync(late, note);
        return Task.CompletedTask;
    }

    private async Task IncrementWhenOpenedAsync(LateWrites.Entry late, string note)
    {
        await late.Gate.Task;
        try
        {
            await IncrementAsync(note);
            late.Outcome.TrySetResult(null);
        }
        catch (Exception exception)
        {
            late.Outcome.TrySetResult(exception);
        }
    }

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
