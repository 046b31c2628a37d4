namespace OrleansAgents.Agents;

/// <summary>The registered agents (key <c>default</c>), for listings and tool descriptions.</summary>
[Alias("oa.IAgentCatalogGrain")]
public interface IAgentCatalogGrain : IGrainWithStringKey
{
    /// <summary>Lists the agents with their descriptions and input schemas.</summary>
    [AlwaysInterleave]
    [Alias("ListAsync")]
    Task<IReadOnlyList<AgentDescriptor>> ListAsync();
}
