namespace OrleansAgents.Benchmarks.Grains;

/// <summary>The smallest request/response grain call: an integer in, an integer out.</summary>
public interface IPingGrain : IGrainWithIntegerKey
{
    /// <summary>Returns <paramref name="x"/> plus one.</summary>
    Task<int> PingAsync(int x);
}
