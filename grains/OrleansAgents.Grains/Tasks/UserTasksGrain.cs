using OrleansAgents.Hosting;

namespace OrleansAgents.Agents;

/// <summary>
/// One user's task index and running slots. The index keeps the <see cref="AgentTaskOptions.MaxListedTasksPerUser"/>
/// most recently submitted tasks and is persisted (at most once per flush, not per call); the slots are held in
/// memory: after this grain moves, tasks re-acquire slots as they resume.
/// </summary>
internal sealed class UserTasksGrain(
    [PersistentState("tasks", AgentStorage.Name)] IPersistentState<Dictionary<string, AgentTaskSummary>> state,
    AgentTaskOptions options,
    UserListingClient listings)
    : Grain, IUserTasksGrain
{
    private readonly HashSet<string> _running = [];
    private readonly Queue<string> _waiting = new();
    private Queue<string>? _listed;
    private IGrainTimer? _flush;
    private bool _dirty;

    /// <summary>
    /// The listing as this grain has it, with the changes the silos have not delivered yet (<see cref="UserListingClient"/>):
    /// a task whose submit was answered is listed, whether or not its listing change has arrived. Nothing is changed here
    /// (the call interleaves with the others); the changes arrive by <see cref="TrackAsync"/> as usual.
    /// </summary>
    public async Task<IReadOnlyList<AgentTaskSummary>> ListAsync(int limit)
    {
        var pending = await listings.PendingAsync(this.GetPrimaryKeyString());
        IEnumerable<AgentTaskSummary> listed = state.State.Values;
        if (pending.Count > 0)
        {
            var merged = new Dictionary<string, AgentTaskSummary>(state.State, StringComparer.Ordinal);
            foreach (var summary in pending)
            {
                if (Takes(summary, merged.GetValueOrDefault(summary.TaskId)))
                {
                    merged[summary.TaskId] = summary;
                }
            }

            listed = merged.Values;
        }

        return listed.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.TaskId, StringComparer.Ordinal).Take(Math.Max(0, limit)).ToArray();
    }

    public Task TrackAsync(AgentTaskSummary[] summaries)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        foreach (var summary in summaries)
        {
            Track(summary ?? throw new ArgumentException("A listing has no null entries.", nameof(summaries)));
        }

        return Task.CompletedTask;
    }

    private void Track(AgentTaskSummary summary)
    {
        var known = state.State.GetValueOrDefault(summary.TaskId);
        if (Takes(summary, known))
        {
            state.State[summary.TaskId] = summary;
            if (known is null)
            {
                List(summary.TaskId);
            }

            _dirty = true;
            _flush ??= this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));
        }
    }

    /// <summary>
    /// Whether the listing takes <paramref name="summary"/> over what it holds of that task (<paramref name="known"/>, if
    /// anything): a newer status of a listed task, or a task not listed yet, unless it is a late listing of a task that has
    /// already dropped out of the listing (a newer task took its place).
    /// </summary>
    private bool Takes(AgentTaskSummary summary, AgentTaskSummary? known) =>
        known is null ? !DroppedAlready(summary) : Supersedes(summary, known);

    /// <summary>
    /// Whether <paramref name="summary"/> is newer than <paramref name="known"/>. Listings come in batches from every silo's
    /// bookkeeping (<see cref="TaskBookkeeping"/>), from several silos and batches at once, and may arrive out of order; transitions made within one clock tick carry the same UpdatedAt, so a tie goes to the later
    /// status (Pending, Running, then an end), and an ended task is never listed as anything else again.
    /// </summary>
    internal static bool Supersedes(AgentTaskSummary summary, AgentTaskSummary known) =>
        !known.Status.IsTerminal()
        && (known.UpdatedAt < summary.UpdatedAt || (known.UpdatedAt == summary.UpdatedAt && Rank(summary.Status) >= Rank(known.Status)));

    private static int Rank(AgentTaskStatus status) => status switch
    {
        AgentTaskStatus.Pending => 0,
        AgentTaskStatus.Running => 1,
        _ => 2,
    };

    public Task<bool> TryAcquireSlotAsync(string taskId, int limit)
    {
        if (_running.Contains(taskId) || _running.Count < limit)
        {
            _running.Add(taskId);
            return Task.FromResult(true);
        }

        if (!_waiting.Contains(taskId))
        {
            _waiting.Enqueue(taskId);
        }

        return Task.FromResult(false);
    }

    public Task ReleaseSlotAsync(string taskId)
    {
        if (!_running.Remove(taskId))
        {
            LeaveQueue(taskId);
            return Task.CompletedTask;
        }

        if (_waiting.TryDequeue(out var next))
        {
            // Hand the slot over, so that a task submitted meanwhile cannot take it first.
            _running.Add(next);
            GrainReferences.Get<IAgentTaskGrain>(GrainFactory, next).StartAsync().Ignore();
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Whether an unlisted task is older (by creation time, then id) than every task of a full listing: it was listed
    /// and dropped before, and a listing of it that arrives late (batches from several silos may) must not bring it back.
    /// </summary>
    private bool DroppedAlready(AgentTaskSummary summary)
    {
        var listed = Listed(except: null);
        if (listed.Count < options.MaxListedTasksPerUser || !listed.TryPeek(out var oldestId) || !state.State.TryGetValue(oldestId, out var oldest))
        {
            return false;
        }

        return summary.CreatedAt < oldest.CreatedAt
            || (summary.CreatedAt == oldest.CreatedAt && StringComparer.Ordinal.Compare(summary.TaskId, oldest.TaskId) < 0);
    }

    private Queue<string> Listed(string? except) => _listed ??= new Queue<string>(state.State.Values
        .Where(t => t.TaskId != except)
        .OrderBy(t => t.CreatedAt)
        .ThenBy(t => t.TaskId, StringComparer.Ordinal)
        .Select(t => t.TaskId));

    /// <summary>Adds a task to the listing order and drops the oldest beyond the limit.</summary>
    private void List(string taskId)
    {
        var listed = Listed(except: taskId);
        listed.Enqueue(taskId);
        while (listed.Count > options.MaxListedTasksPerUser && listed.TryDequeue(out var oldest))
        {
            state.State.Remove(oldest);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (reason.ReasonCode != DeactivationReasonCode.ShuttingDown)
        {
            await FlushAsync(cancellationToken);
        }
    }

    private void LeaveQueue(string taskId)
    {
        var rest = _waiting.Where(id => id != taskId).ToArray();
        _waiting.Clear();
        foreach (var id in rest)
        {
            _waiting.Enqueue(id);
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_dirty)
        {
            _dirty = false;
            // This activation's listing is the newest: over a write of its own that timed out but landed, it writes again.
            await state.WriteStateAsync(static (_, ours) => ours, cancellationToken);
        }
    }
}
