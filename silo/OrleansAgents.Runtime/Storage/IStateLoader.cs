namespace OrleansAgents.Runtime;

/// <summary>A persistent state the activation reads before <c>OnActivateAsync</c>.</summary>
internal interface IStateLoader
{
    Task ReadStateAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Cuts the state off from storage: the activation's silo was killed. Code of the activation still in flight (a
    /// crashed process would have run no more of it) can then no longer write or read.
    /// </summary>
    void Fence(string reason);
}
