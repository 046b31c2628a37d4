namespace OrleansAgents.Agents;

/// <summary>Limits and timings of agent tasks, for every agent.</summary>
public sealed class AgentTaskOptions
{
    /// <summary>The largest accepted task input, in UTF-8 bytes of its JSON.</summary>
    /// <value>4 MiB.</value>
    public int MaxInputBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>How long a cancelled agent may take to stop before its task is marked Cancelled anyway.</summary>
    /// <value>5 seconds.</value>
    public TimeSpan CancellationGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many tasks of one user may run at once; more wait as Pending. 0 for no limit. The child tasks of a
    /// fan-out or of <see cref="AgentContext.CallAgentAsync"/> run within their parent's slot.
    /// </summary>
    /// <value>0.</value>
    public int MaxConcurrentTasksPerUser { get; set; }

    /// <summary>
    /// How many tasks a user's listing keeps: the most recently submitted ones. Older tasks drop out of the listing
    /// (they stay readable by id). The listing is stored in 16 pages by task id, and a flush rewrites the pages that
    /// changed, so this bounds each page's write to about a sixteenth of the listing.
    /// </summary>
    /// <value>1,000.</value>
    public int MaxListedTasksPerUser { get; set; } = 1_000;

    /// <summary>
    /// How often the recovery index wakes (an Orleans reminder per shard) and calls every task in flight, so that a task
    /// whose silo died resumes on a live silo. A task interrupted by a crash resumes within about this long (sooner when
    /// anything calls it). Orleans reminders fire at most once a minute unless <c>ReminderOptions.MinimumReminderPeriod</c>
    /// is lowered.
    /// </summary>
    /// <value>1 minute.</value>
    public TimeSpan RecoveryPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How many shards the recovery index has. Each shard is one grain with one reminder; submits to one shard share
    /// its writes (group commit): with fewer shards more submits share a write (measured, one silo, memory storage, 16
    /// submitters: 16 shards ~6.5k no-op tasks/s, 4 shards ~7.7k, 1 shard ~7.9k). Changing it on a running cluster
    /// orphans the entries of dropped shards.
    /// </summary>
    /// <value>4.</value>
    public int RecoveryShards { get; set; } = 4;

    /// <summary>
    /// How many events a task keeps (its submit, transitions, retries and progress reports, each with its sequence
    /// number): a watcher resumes from any of them. They are stored with the task and rewritten with it on every
    /// change, so this bounds the write; past it the oldest events are dropped.
    /// </summary>
    /// <value>500.</value>
    public int MaxTaskEvents { get; set; } = 500;

    /// <summary>
    /// How long a submit may wait for a task's first attempt before writing the task. The attempt starts as the submit
    /// arrives; an attempt that ends the task within this window (a one-step task whose agent returns quickly) is recorded
    /// with its Pending, Running and Succeeded events in one write, and needs no recovery-index entry: one write, one
    /// listing and no index calls instead of two writes, an index add and a removal. Otherwise the submit writes the task
    /// Pending and Running as soon as the window has passed, and the attempt goes on. Either way the submit answers with
    /// the Pending snapshot once the task is stored. Wall-clock time (a fake clock in tests does not stretch it); zero
    /// turns it off (the task is written before its first attempt starts).
    /// </summary>
    /// <value>2 milliseconds.</value>
    public TimeSpan InlineCompletionWindow { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// How long a silo gathers a user's listing changes before it sends them to the user's grain, so that they share a call
    /// (nobody waits for them: a listing read collects the changes still on their way). Tests lengthen it to prove that.
    /// </summary>
    internal TimeSpan ListingDelay { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>The storage provider that keeps tasks and agent memory.</summary>
    /// <value><c>Default</c>.</value>
    public string StorageName { get; set; } = "Default";
}
