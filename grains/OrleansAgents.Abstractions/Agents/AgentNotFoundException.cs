namespace OrleansAgents.Agents;

/// <summary>A task named an agent that is not registered. Crosses silos and clients with its type and message.</summary>
[GenerateSerializer, Alias("oa.AgentNotFoundException")]
public sealed class AgentNotFoundException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public AgentNotFoundException(string message)
        : base(message)
    {
    }
}
