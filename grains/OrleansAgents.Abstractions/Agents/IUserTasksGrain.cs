namespace OrleansAgents.Agents;

/// <summary>One user's tasks (keyed by user id): the index behind listing, and the per-user concurrency limit.</summary>
[Alias("oa.IUserTasksGrain")]
public interface IUserTasksGrain : IGrainWithStringKey
{
    /// <summary>Lists the user's tasks, newest first.</summary>
    [AlwaysInterleave]
    [Alias("ListAsync")]
    Task<IReadOnlyList<AgentTaskSummary>> ListAsync(int limit);

    /// <summary>
    /// Records tasks' latest statuses (sent by the silos running the user's tasks, batched: the changes made while the
    /// previous call was on its way). Listings may arrive out of order; an older one never overwrites a newer one.
    /// </summary>
    [Alias("TrackAsync")]
    Task TrackAsync(AgentTaskSummary[] summaries);

    /// <summary>Asks for a running slot; <c>false</c> when the user is at the limit (the task is queued and woken later).</summary>
    [Alias("TryAcquireSlotAsync")]
    Task<bool> TryAcquireSlotAsync(string taskId, int limit);

    /// <summary>
    /// Gives a slot back and hands it to the oldest waiting task; a task that ended while waiting (cancelled) leaves
    /// the queue. Called by every task that ends under a limit, whether or not it got a slot.
    /// </summary>
    [Alias("ReleaseSlotAsync")]
    Task ReleaseSlotAsync(string taskId);
}
