namespace OrleansAgents.Runtime;

/// <summary>A persistent state the activation reads before <c>OnActivateAsync</c>.</summary>
internal interface IStateLoader
{
    Task ReadStateAsync(CancellationToken cancellationToken);
}
