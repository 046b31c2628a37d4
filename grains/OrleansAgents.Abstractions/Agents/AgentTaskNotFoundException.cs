namespace OrleansAgents.Agents;

/// <summary>
/// No task with that id is visible to the caller (it does not exist, or belongs to another user). Crosses silos and
/// clients with its type and message.
/// </summary>
[GenerateSerializer, Alias("oa.AgentTaskNotFoundException")]
public sealed class AgentTaskNotFoundException : KeyNotFoundException
{
    /// <summary>Creates the exception.</summary>
    public AgentTaskNotFoundException(string message)
        : base(message)
    {
    }
}
