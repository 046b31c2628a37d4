namespace OrleansAgents.Agents;

/// <summary>Lists the agents registered on the silos.</summary>
internal sealed class AgentCatalogGrain(AgentRegistry registry) : Grain, IAgentCatalogGrain
{
    public Task<IReadOnlyList<AgentDescriptor>> ListAsync() => Task.FromResult(registry.Descriptors);
}
