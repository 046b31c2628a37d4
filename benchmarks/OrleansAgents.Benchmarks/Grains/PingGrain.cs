namespace OrleansAgents.Benchmarks.Grains;

/// <summary>Answers synchronously, so a call measures the runtime's path and nothing else.</summary>
public sealed class PingGrain : Grain, IPingGrain
{
    /// <inheritdoc />
    public Task<int> PingAsync(int x) => Task.FromResult(x + 1);
}
