namespace OrleansAgents.Benchmarks.Grains;

/// <summary>A grain with no fields and no state: what an idle activation costs is the runtime's own share.</summary>
public sealed class EmptyGrain : Grain, IEmptyGrain
{
    /// <inheritdoc />
    public Task TouchAsync() => Task.CompletedTask;
}
