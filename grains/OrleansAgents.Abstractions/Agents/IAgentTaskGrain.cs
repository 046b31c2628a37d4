namespace OrleansAgents.Agents;

/// <summary>
/// One agent task, keyed by task id. Every status transition is persisted before it can be observed; a task
/// interrupted by a silo crash resumes on another silo (a new attempt) or fails by policy.
/// </summary>
[Alias("oa.IAgentTaskGrain")]
public interface IAgentTaskGrain : IGrainWithStringKey
{
    /// <summary>
    /// Submits the task. Idempotent: the same request again returns the existing task. A different request under
    /// the same id, an unknown agent, malformed input or an input over the size limit fails with
    /// <see cref="ArgumentException"/> (or <see cref="AgentNotFoundException"/>) and creates nothing.
    /// </summary>
    [Alias("SubmitAsync")]
    Task<AgentTaskSnapshot> SubmitAsync(AgentTaskRequest request);

    /// <summary>
    /// Submits the task as <see cref="SubmitAsync"/> does, and says whether this submit created it: what a front door
    /// needs to answer a first submit (201) differently from a repeat (200) without reading the task first.
    /// </summary>
    [Alias("SubmitWithOutcomeAsync")]
    Task<AgentTaskSubmission> SubmitWithOutcomeAsync(AgentTaskRequest request);

    /// <summary>Reads the task; answers while the agent runs.</summary>
    /// <exception cref="AgentTaskNotFoundException">No such task, or it belongs to another user.</exception>
    [AlwaysInterleave]
    [Alias("GetAsync")]
    Task<AgentTaskSnapshot> GetAsync(AgentCaller caller);

    /// <summary>
    /// Waits until the task is terminal or <paramref name="timeout"/> passes, then returns it as it is. One call waits
    /// at most <see cref="AgentTaskWaiting.MaxWaitPerCall"/> (a long poll: a response lost on the way then costs a
    /// timeout, not a hang); <see cref="AgentTaskWaiting.WaitForTerminalAsync"/> waits longer by calling again.
    /// </summary>
    [AlwaysInterleave]
    [ResponseTimeout("00:01:30")]
    [Alias("WaitAsync")]
    Task<AgentTaskSnapshot> WaitAsync(AgentCaller caller, TimeSpan timeout);

    /// <summary>
    /// Cancels the task: the agent's token is cancelled at once; if the agent has not stopped within the grace
    /// period the task is marked Cancelled anyway. Cancelling a terminal task changes nothing.
    /// </summary>
    [AlwaysInterleave]
    [Alias("CancelAsync")]
    Task<AgentTaskSnapshot> CancelAsync(AgentCaller caller);

    /// <summary>
    /// Registers a watcher for <paramref name="lease"/> (renew it by calling again) and returns the task as it is now.
    /// From this turn on, while a lease lasts, every persisted transition and progress report is published on
    /// <see cref="AgentTaskStreams.For"/>(task id): a watcher that subscribed to that stream first and then calls this
    /// misses nothing between the snapshot and the events. A lease is held in the activation only; after a
    /// reactivation the watcher's next renewal restores it (and its snapshot shows what happened meanwhile).
    /// </summary>
    /// <exception cref="AgentTaskNotFoundException">No such task, or it belongs to another user.</exception>
    [AlwaysInterleave]
    [Alias("WatchAsync")]
    Task<AgentTaskSnapshot> WatchAsync(AgentCaller caller, TimeSpan lease);

    /// <summary>
    /// Reads the task's persisted events with a sequence number above <paramref name="afterSequence"/> (0 for all). When
    /// there are none yet and the task has not ended, waits up to <paramref name="wait"/> (at most
    /// <see cref="AgentTaskWaiting.MaxWaitPerCall"/>) for the next one to be persisted, then answers (possibly with no
    /// events). Reading again after the last sequence seen resumes with no gap and no repeat, on any activation of the
    /// task: the events are stored with it.
    /// </summary>
    /// <exception cref="AgentTaskNotFoundException">No such task, or it belongs to another user.</exception>
    [AlwaysInterleave]
    [ResponseTimeout("00:01:30")]
    [Alias("ReadEventsAsync")]
    Task<AgentTaskEventPage> ReadEventsAsync(AgentCaller caller, long afterSequence, TimeSpan wait);

    /// <summary>Starts (or resumes) a submitted task that is not running; used by the runtime (user slots, recovery).</summary>
    [OneWay]
    [Alias("StartAsync")]
    Task StartAsync();
}
