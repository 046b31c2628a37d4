namespace OrleansAgents.Benchmarks.Grains;

/// <summary>A grain driven by time: a 1 s timer and a 1 min reminder.</summary>
public interface ITickerGrain : IGrainWithIntegerKey
{
    /// <summary>Starts the timer and registers the reminder.</summary>
    Task StartAsync();

    /// <summary>Timer ticks and reminder ticks so far (an array: value tuples do not serialize).</summary>
    Task<int[]> GetCountsAsync();
}
