using Microsoft.Extensions.Logging;
using OrleansAgents.Hosting;

namespace OrleansAgents.Agents;

/// <summary>
/// A silo's bookkeeping calls for its agent tasks, batched per destination: recovery-index adds and removals per index
/// shard, listings per user. Thousands of tasks a second make as many index and listing changes; sent one call each
/// they cost more than the tasks' own work, so the changes that arrive while a call to the same shard or user is on its
/// way share the next call (<see cref="KeyedBatcher{TItem}"/>). An add is still durable before its task's submit is
/// answered: the submit awaits the batch that carried it.
/// </summary>
internal sealed partial class TaskBookkeeping
{
    private readonly IGrainFactory _grains;
    private readonly ILogger<TaskBookkeeping> _logger;
    private readonly KeyedBatcher<string> _adds;
    private readonly KeyedBatcher<string> _removals;
    private readonly KeyedBatcher<AgentTaskSummary> _listings;

    /// <summary>
    /// Creates the bookkeeping. A user's listing changes gather for <see cref="AgentTaskOptions.ListingDelay"/> before they
    /// are sent (nobody waits for a listing: a listing read collects the changes still here, <see cref="PendingListings"/>;
    /// the user's grain writes it at most once a second anyway): a user whose tasks end a thousand times a second sends a
    /// few listing calls instead of one per task (measured, 16 users submitting no-op tasks: ~1 listing call per task
    /// without it).
    /// </summary>
    public TaskBookkeeping(IGrainFactory grains, AgentTaskOptions options, ILogger<TaskBookkeeping> logger)
    {
        _grains = grains;
        _logger = logger;
        _adds = new KeyedBatcher<string>((shard, ids) => Shard(shard).AddAsync([.. ids.Distinct(StringComparer.Ordinal)]));
        _removals = new KeyedBatcher<string>(RemoveAsync);
        _listings = new KeyedBatcher<AgentTaskSummary>(ListAsync, options.ListingDelay);
    }

    /// <summary>Adds a task to its recovery-index shard; completes once the shard has persisted it.</summary>
    public Task IndexAsync(string shard, string taskId) => _adds.Add(shard, taskId);

    /// <summary>Removes an ended task from its shard, lazily (a lost removal costs the shard one more call to an ended task).</summary>
    public void Unindex(string shard, string taskId) => _removals.Add(shard, taskId);

    /// <summary>
    /// Sends a task's persisted status to its owner's listing (an index, not the record: a lost update leaves the listing a
    /// status behind, the task as stored). Until the user's grain has it, <see cref="PendingListings"/> shows it.
    /// </summary>
    public void List(string userId, AgentTaskSummary summary) => _listings.Add(userId, summary);

    /// <summary>The listing changes of <paramref name="userId"/>'s tasks that this silo has not delivered yet (queued or on their way).</summary>
    public AgentTaskSummary[] PendingListings(string userId) => _listings.Pending(userId);

    private IAgentTaskRecoveryGrain Shard(string shard) => GrainReferences.Get<IAgentTaskRecoveryGrain>(_grains, shard);

    private async Task RemoveAsync(string shard, IReadOnlyList<string> ids)
    {
        try
        {
            await Shard(shard).RemoveAsync([.. ids]).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Log.RemovalFailed(_logger, exception, shard, ids.Count);
        }
    }

    private async Task ListAsync(string userId, IReadOnlyList<AgentTaskSummary> summaries)
    {
        try
        {
            // A task that changed twice while the previous call was on its way is sent once, as it is now (the newest of its
            // summaries: a submit's listing can be queued after its run's first change).
            var latest = new Dictionary<string, AgentTaskSummary>(StringComparer.Ordinal);
            foreach (var summary in summaries)
            {
                if (!latest.TryGetValue(summary.TaskId, out var known) || UserTasksGrain.Supersedes(summary, known))
                {
                    latest[summary.TaskId] = summary;
                }
            }

            await GrainReferences.Get<IUserTasksGrain>(_grains, userId).TrackAsync([.. latest.Values]).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Log.ListingFailed(_logger, exception, userId, summaries.Count);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(6201, LogLevel.Warning, "Removing {Count} ended tasks from recovery shard {Shard} failed; the shard's next sweep drops them")]
        public static partial void RemovalFailed(ILogger logger, Exception exception, string shard, int count);

        [LoggerMessage(6202, LogLevel.Warning, "Listing {Count} task changes for user {UserId} failed; the listing shows their previous status")]
        public static partial void ListingFailed(ILogger logger, Exception exception, string userId, int count);
    }
}
