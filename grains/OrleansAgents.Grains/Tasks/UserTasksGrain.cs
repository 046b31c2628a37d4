using OrleansAgents.Hosting;

namespace OrleansAgents.Agents;

/// <summary>
/// One user's task index and running slots. The index keeps the <see cref="AgentTaskOptions.MaxListedTasksPerUser"/>
/// most recently submitted tasks and is persisted (at most once per flush, not per call) in <see cref="Pages"/> pages,
/// each task in the page its id hashes to, and a flush writes only the pages that changed: a user who submits a task a
/// second has one page rewritten, not the whole listing. The slots are held in memory: after this grain moves, tasks
/// re-acquire slots as they resume.
/// </summary>
internal sealed class UserTasksGrain : Grain, IUserTasksGrain
{
    /// <summary>How many pages the listing is stored in (state names <c>tasks-0</c> to <c>tasks-15</c>).</summary>
    internal const int Pages = 16;

    private readonly IPersistentState<Dictionary<string, AgentTaskSummary>>[] _pages = new IPersistentState<Dictionary<string, AgentTaskSummary>>[Pages];
    private readonly bool[] _dirtyPages = new bool[Pages];
    private readonly IPersistentState<Dictionary<string, AgentTaskSummary>> _legacy;
    private readonly AgentTaskOptions _options;
    private readonly UserListingClient _listings;
    private readonly HashSet<string> _running = [];
    private readonly Queue<string> _waiting = new();
    private Queue<string>? _listed;
    private IGrainTimer? _flush;

    public UserTasksGrain(
        [PersistentState("tasks", AgentStorage.Name)] IPersistentState<Dictionary<string, AgentTaskSummary>> legacy,
        IPersistentStateFactory states,
        AgentTaskOptions options,
        UserListingClient listings)
    {
        // The listing of versions before session 15, one state of every task: read once, moved into the pages.
        _legacy = legacy;
        for (var i = 0; i < Pages; i++)
        {
            _pages[i] = states.Create<Dictionary<string, AgentTaskSummary>>(GrainContext, new PersistentStateAttribute($"tasks-{i}", AgentStorage.Name));
        }

        (_options, _listings) = (options, listings);
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_legacy.State.Count > 0)
        {
            // Moved, then cleared: a crash between the two moves it again on the next activation, which changes nothing.
            foreach (var summary in _legacy.State.Values)
            {
                Track(summary);
            }

            await FlushAsync(cancellationToken);
            await _legacy.ClearStateAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The listing as this grain has it, with the changes the silos have not delivered yet (<see cref="UserListingClient"/>):
    /// a task whose submit was answered is listed, whether or not its listing change has arrived. Nothing is changed here
    /// (the call interleaves with the others); the changes arrive by <see cref="TrackAsync"/> as usual.
    /// </summary>
    public async Task<IReadOnlyList<AgentTaskSummary>> ListAsync(int limit)
    {
        var pending = await _listings.PendingAsync(this.GetPrimaryKeyString());
        var listed = All();
        if (pending.Count > 0)
        {
            var merged = listed.ToDictionary(t => t.TaskId, StringComparer.Ordinal);
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
        var page = PageOf(summary.TaskId);
        var known = _pages[page].State.GetValueOrDefault(summary.TaskId);
        if (Takes(summary, known))
        {
            _pages[page].State[summary.TaskId] = summary;
            _dirtyPages[page] = true;
            if (known is null)
            {
                List(summary.TaskId);
            }

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
        if (listed.Count < _options.MaxListedTasksPerUser || !listed.TryPeek(out var oldestId) || !_pages[PageOf(oldestId)].State.TryGetValue(oldestId, out var oldest))
        {
            return false;
        }

        return summary.CreatedAt < oldest.CreatedAt
            || (summary.CreatedAt == oldest.CreatedAt && StringComparer.Ordinal.Compare(summary.TaskId, oldest.TaskId) < 0);
    }

    private Queue<string> Listed(string? except) => _listed ??= new Queue<string>(All()
        .Where(t => t.TaskId != except)
        .OrderBy(t => t.CreatedAt)
        .ThenBy(t => t.TaskId, StringComparer.Ordinal)
        .Select(t => t.TaskId));

    /// <summary>Adds a task to the listing order and drops the oldest beyond the limit.</summary>
    private void List(string taskId)
    {
        var listed = Listed(except: taskId);
        listed.Enqueue(taskId);
        while (listed.Count > _options.MaxListedTasksPerUser && listed.TryDequeue(out var oldest))
        {
            var page = PageOf(oldest);
            _pages[page].State.Remove(oldest);
            _dirtyPages[page] = true;
        }
    }

    /// <summary>Every listed task, from all pages.</summary>
    private IEnumerable<AgentTaskSummary> All() => _pages.SelectMany(page => page.State.Values);

    /// <summary>The page of <paramref name="taskId"/>: the recovery index's stable hash of the id, the same in every process.</summary>
    internal static int PageOf(string taskId) => AgentTaskRecoveryShards.Bucket(taskId, Pages);

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
        var writes = new List<Task>();
        for (var i = 0; i < Pages; i++)
        {
            if (_dirtyPages[i])
            {
                _dirtyPages[i] = false;
                writes.Add(WritePageAsync(i, cancellationToken));
            }
        }

        await Task.WhenAll(writes);
    }

    private async Task WritePageAsync(int page, CancellationToken cancellationToken)
    {
        try
        {
            // This activation's listing is the newest: over a write of its own that timed out but landed, it writes again.
            await _pages[page].WriteStateAsync(static (_, ours) => ours, cancellationToken);
        }
        catch
        {
            // Written again by the next flush.
            _dirtyPages[page] = true;
            throw;
        }
    }
}
