namespace OrleansAgents.Runtime.Tests.TestGrains;

public interface IStatefulGrain : IGrainWithStringKey
{
    Task<CounterState> GetAsync();

    Task<int> IncrementAsync(string note);

    Task ClearAsync();

    Task<string?> GetEtagAsync();

    Task<string> GetSiloAsync();

    Task<string> GetActivationIdAsync();

    Task DeactivateAsync();

    /// <summary>Starts a flow that increments and writes once <see cref="LateWrites.Open"/> is called for this grain.</summary>
    Task StartLateIncrementAsync(string note);
}

public sealed class CounterState
{
    public int Count { get; set; }

    public List<string> Notes { get; set; } = [];
}
