using Microsoft.Extensions.Logging;
using OrleansAgents.Hosting;

namespace OrleansAgents.Agents;

/// <summary>
/// The in-flight task index shard (see <see cref="IAgentTaskRecoveryGrain"/>). Reentrant: adds arriving while a write
/// is in flight wait for the next write together (group commit), so one storage write covers many submits.
/// </summary>
[Reentrant]
internal sealed partial class AgentTaskRecoveryGrain(
    [PersistentState("inflight", AgentStorage.Name)] IPersistentState<AgentTaskRecoveryState> state,
    AgentTaskOptions options,
    ILogger<AgentTaskRecoveryGrain> logger)
    : Grain, IAgentTaskRecoveryGrain, IRemindable
{
    private const string WakeUp = "sweep";
    private static readonly TimeSpan RemovalFlushPeriod = TimeSpan.FromSeconds(1);
    private TaskCompletionSource? _nextWrite;
    private bool _writing;
    private bool _reminderArmed;
    private bool _removalsPending;
    private IGrainTimer? _removalFlush;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.TaskIds.Count > 0)
        {
            // Woken after a crash (by the reminder, or by an add): sweep soon, without waiting a whole period.
            await ArmReminderAsync();
            this.RegisterGrainTimer(_ => SweepAsync(), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        }
    }

    public async Task AddAsync(string[] taskIds)
    {
        ArgumentNullException.ThrowIfNull(taskIds);
        foreach (var taskId in taskIds)
        {
            ArgumentException.ThrowIfNullOrEmpty(taskId);
        }

        // Committed even when already listed: an earlier add of these ids may have failed to write.
        state.State.TaskIds.UnionWith(taskIds);
        if (!_reminderArmed)
        {
            await ArmReminderAsync();
        }

        await CommitAsync();
    }

    public Task RemoveAsync(string[] taskIds)
    {
        ArgumentNullException.ThrowIfNull(taskIds);
        foreach (var taskId in taskIds)
        {
            Remove(taskId);
        }

        return Task.CompletedTask;
    }

    private void Remove(string taskId)
    {
        if (state.State.TaskIds.Remove(taskId))
        {
            _removalsPending = true;
            _removalFlush ??= this.RegisterGrainTimer(FlushRemovalsAsync, new GrainTimerCreationOptions(RemovalFlushPeriod, RemovalFlushPeriod) { Interleave = true });
        }
    }

    public async Task<int> SweepAsync()
    {
        var ids = state.State.TaskIds.ToArray();
        var results = await Task.WhenAll(ids.Select(async id =>
        {
            try
            {
                return (id, inFlight: await GrainReferences.Get<IAgentTaskResumable>(GrainFactory, id).ResumeIfUnfinishedAsync());
            }
            catch (Exception exception)
            {
                // The task's storage or silo is failing now: keep it listed, and try again next time.
                Log.SweepCallFailed(logger, exception, id);
                return (id, inFlight: true);
            }
        }));
        foreach (var (id, inFlight) in results)
        {
            if (!inFlight)
            {
                Remove(id);
            }
        }

        return state.State.TaskIds.Count;
    }

    /// <summary>
    /// The reminder stays registered once armed (a shard wakes once a period even when empty): unregistering it when the
    /// shard drains would race with a concurrent add, and a wake-up of an empty shard costs one read.
    /// </summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        await SweepAsync();
        await FlushRemovalsAsync(CancellationToken.None);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_removalsPending && !_writing && reason.ReasonCode != DeactivationReasonCode.ShuttingDown)
        {
            await FlushRemovalsAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Registers the shard's reminder, trying up to <see cref="ArmAttempts"/> times: the registration is an upsert, and
    /// right after a database restart the reminder table's provider draws a pooled connection the server closed, which
    /// fails with PostgreSQL's 57P01 "terminating connection due to administrator command" (flake budget, 2026-12-05: a
    /// submit failed so). Npgsql then hands out live connections (NpgsqlPoolContractTests), so the next attempt succeeds
    /// unless the database went down again.
    /// </summary>
    private async Task ArmReminderAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await this.RegisterOrUpdateReminder(WakeUp, options.RecoveryPeriod, options.RecoveryPeriod);
                _reminderArmed = true;
                return;
            }
            catch (Exception exception) when (attempt < ArmAttempts && exception is not OutOfMemoryException)
            {
                Log.ArmFailed(logger, exception, attempt);
            }
        }
    }

    private Task FlushRemovalsAsync(CancellationToken cancellationToken) =>
        _removalsPending ? CommitAsync() : Task.CompletedTask;

    /// <summary>Persists the index; callers arriving during a write share the next one.</summary>
    private async Task CommitAsync()
    {
        var mine = _nextWrite ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_writing)
        {
            await mine.Task;
            return;
        }

        _writing = true;
        try
        {
            while (_nextWrite is { } batch)
            {
                _nextWrite = null;
                _removalsPending = false;
                try
                {
                    // After a write that timed out but landed, keep every id either side knows: an extra id costs one
                    // sweep call; a lost one, a task nobody resumes.
                    await state.WriteStateAsync(static (stored, ours) =>
                    {
                        ours.TaskIds.UnionWith(stored.TaskIds);
                        return ours;
                    });
                    batch.SetResult();
                }
                catch (Exception exception)
                {
                    batch.SetException(exception);
                }
            }
        }
        finally
        {
            _writing = false;
        }

        await mine.Task;
    }

    private const int ArmAttempts = 3;

    private static partial class Log
    {
        [LoggerMessage(6102, LogLevel.Warning, "Recovery shard: registering its reminder failed (attempt {Attempt}); trying again")]
        public static partial void ArmFailed(ILogger logger, Exception exception, int attempt);

        [LoggerMessage(6101, LogLevel.Warning, "Recovery sweep: calling task {TaskId} failed; it stays listed")]
        public static partial void SweepCallFailed(ILogger logger, Exception exception, string taskId);
    }
}
