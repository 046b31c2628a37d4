namespace OrleansAgents.Agents;

/// <summary>The recovery index's view of an agent task.</summary>
[Alias("oa.IAgentTaskResumable")]
internal interface IAgentTaskResumable : IGrainWithStringKey
{
    /// <summary>
    /// Activates the task if needed; an unfinished task that is not running here resumes (a new attempt). Returns
    /// <c>false</c> when the task has ended or was never written, so the index can forget it.
    /// </summary>
    [Alias("ResumeIfUnfinishedAsync")]
    Task<bool> ResumeIfUnfinishedAsync();
}
