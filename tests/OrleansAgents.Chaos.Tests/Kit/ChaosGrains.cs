using Orleans.Runtime;

namespace OrleansAgents.Testing.Tests.Chaos;

/// <summary>A persisted counter: each call writes once, so each storage fault is seen by exactly one call.</summary>
public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> IncrementAsync();

    Task<int> ReadStoredAsync();

    Task<int> GetCallsAsync();
}

[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)]
    public int Value { get; set; }
}

public sealed class CounterGrain([PersistentState("counter", "Default")] IPersistentState<CounterState> state) : Grain, ICounterGrain
{
    private int _calls;

    public async Task<int> IncrementAsync()
    {
        _calls++;
        state.State.Value++;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public async Task<int> ReadStoredAsync()
    {
        await state.ReadStateAsync();
        return state.State.Value;
    }

    public Task<int> GetCallsAsync() => Task.FromResult(_calls);
}
