namespace OrleansAgents.Agents;

/// <summary>
/// One shard of the in-flight task index (key <c>{shard}</c>): the ids of tasks submitted and not yet ended. Adding is
/// durable before it returns (concurrent adds share one write); removing is lazy. The shard's Orleans reminder wakes it
/// every <see cref="AgentTaskOptions.RecoveryPeriod"/>, and it then calls every task it lists, so that a task whose silo
/// died resumes on a live one even when nobody else calls it.
/// </summary>
[Alias("oa.IAgentTaskRecoveryGrain")]
internal interface IAgentTaskRecoveryGrain : IGrainWithStringKey
{
    /// <summary>Adds tasks; persisted before the returned task completes.</summary>
    [Alias("AddAsync")]
    Task AddAsync(string[] taskIds);

    /// <summary>Removes tasks that have ended (lazily persisted: a lost removal costs one more wake-up call).</summary>
    [Alias("RemoveAsync")]
    Task RemoveAsync(string[] taskIds);

    /// <summary>Calls every listed task now (and drops the ended ones); returns how many are still in flight.</summary>
    [Alias("SweepAsync")]
    Task<int> SweepAsync();
}
