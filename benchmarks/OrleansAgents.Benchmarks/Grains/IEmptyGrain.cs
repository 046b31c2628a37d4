namespace OrleansAgents.Benchmarks.Grains;

/// <summary>A grain interface with one method, used only to activate grains.</summary>
public interface IEmptyGrain : IGrainWithIntegerKey
{
    /// <summary>Does nothing; the first call activates the grain.</summary>
    Task TouchAsync();
}
