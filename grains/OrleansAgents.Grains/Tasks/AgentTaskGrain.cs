using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Core;
using OrleansAgents.Agents.Lifecycle;

namespace OrleansAgents.Agents;

/// <summary>
/// One agent task. Submit validates, registers a durable recovery reminder, persists the task as Pending and
/// starts the run; the run moves it through Running to a terminal status, persisting every transition (the
/// snapshot readers get is always the persisted one). A new activation of a task that is not finished resumes it
/// (a crashed attempt counts as used).
/// </summary>
internal sealed partial class AgentTaskGrain : Grain, IAgentTaskGrain, IAgentTaskResumable, IIncomingGrainCallFilter
{
    /// <summary>
    /// The task's record: Orleans' own storage bridge, made here rather than by <c>[PersistentState]</c>, which reads the
    /// record when the activation starts. This grain reads it before its first call instead (<see cref="Invoke"/>), unless
    /// that call is the submit of a task under an id its submitter just made (<see cref="AgentTaskRequest.NewTaskId"/>):
    /// no record can exist under it, and the submit's write (with no ETag: insert only) would find one if it did.
    /// </summary>
    private readonly IStorage<AgentTaskState> _state;

    /// <summary>The read of the record before this activation's first call; <c>null</c> until then, or after it failed.</summary>
    private Task? _loaded;
    private readonly AgentRegistry _registry;
    private readonly AgentTaskOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AgentTaskGrain> _logger;
    private readonly TaskBookkeeping _bookkeeping;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    // Completed in this grain's turns, and awaited only by this grain's own methods (through WaitAsync with a timeout):
    // their continuations come back to this activation either way. Without RunContinuationsAsynchronously the timeout
    // wrapper completes inline instead of on the thread pool, which a simulation would see as a determinism leak.
    private TaskCompletionSource<AgentTaskSnapshot> _terminal = new();
    private CancellationTokenSource _cancel = new();
    private Task? _run;
    private string? _taskId;

    /// <summary>Whether this activation added the task to the recovery index (a fresh activation re-adds on a retried submit).</summary>
    private bool _indexed;

    /// <summary>The task as storage last accepted it: the only state callers may observe (a write may be in flight).</summary>
    private AgentTaskSnapshot? _persisted;

    public AgentTaskGrain(
        AgentRegistry registry,
        AgentTaskOptions options,
        TimeProvider time,
        TaskBookkeeping bookkeeping,
        ILogger<AgentTaskGrain> logger)
    {
        _bookkeeping = bookkeeping;
        _state = new StateStorageBridge<AgentTaskState>("task", GrainContext, GrainContext.ActivationServices.GetRequiredKeyedService<IGrainStorage>(AgentStorage.Name));
        _registry = registry;
        _options = options;
        _time = time;
        _logger = logger;
    }

    private string TaskId => _taskId ??= this.GetPrimaryKeyString();

    /// <summary>The task as this activation's state has it (<c>null</c> before the record was read, and for no task).</summary>
    private AgentTaskSnapshot? Current => _state.State?.Task;

    /// <summary>
    /// Reads the task's record before the activation's first call, as <c>[PersistentState]</c> would at activation, and
    /// takes it (<see cref="TakeStored"/>: an unfinished task resumes). A submit under a new task id skips the read; calls
    /// that arrive during the read wait for it, and a read that failed fails its calls and is tried again by the next.
    /// </summary>
    public Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_loaded is { IsCompletedSuccessfully: true })
        {
            return context.Invoke();
        }

        if (_loaded is null && context.Request.GetArgumentCount() == 1 && context.Request.GetArgument(0) is AgentTaskRequest { NewTaskId: true })
        {
            // Nothing to read: the task starts from an empty record, written with no ETag.
            _state.State = new AgentTaskState();
            _loaded = Task.CompletedTask;
            return context.Invoke();
        }

        return LoadThenInvokeAsync(context);
    }

    private async Task LoadThenInvokeAsync(IIncomingGrainCallContext context)
    {
        var loading = _loaded ??= LoadAsync();
        try
        {
            await loading.ConfigureAwait(true);
        }
        catch
        {
            if (ReferenceEquals(_loaded, loading))
            {
                _loaded = null;
            }

            throw;
        }

        await context.Invoke().ConfigureAwait(true);
    }

    private async Task LoadAsync()
    {
        await _state.ReadStateAsync().ConfigureAwait(true);
        TakeStored();
    }

    /// <summary>
    /// Takes what storage holds (just read) as the task shown to readers: a finished task completes its waiters, an
    /// unfinished one runs here (resumes, when it was interrupted elsewhere).
    /// </summary>
    private void TakeStored()
    {
        _persisted = Current;
        _persistedEvents = _state.State.Events;
        if (Current is not { } task)
        {
            return;
        }

        if (task.Status.IsTerminal())
        {
            _terminal.TrySetResult(task);
        }
        else
        {
            StartRun();
        }
    }

    public async Task<AgentTaskSnapshot> SubmitAsync(AgentTaskRequest request) =>
        (await SubmitWithOutcomeAsync(request).ConfigureAwait(true)).Task;

    public async Task<AgentTaskSubmission> SubmitWithOutcomeAsync(AgentTaskRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_persisted is { } existing)
        {
            // A repeated submit of a finished task releases its activation after the grace, not at once: duplicates that
            // arrived together queue behind this one, and an activation released at once forwards them to a new one,
            // which the next duplicate releases again, until Orleans rejects the rest (after 2 forwards; seen by CI
            // in Concurrent_duplicate_submits_create_one_task_that_runs_once).
            if (existing.Status.IsTerminal())
            {
                ReleaseAfterGrace();
            }

            var answer = Existing(existing, request);
            if (!_indexed && !existing.Status.IsTerminal())
            {
                // A retried submit whose first try failed after the Pending write (say, the index add failed): make
                // sure the task is indexed and running before acknowledging it.
                await IndexAsync().ConfigureAwait(true);
                _indexed = true;
                StartRun();
            }

            return new AgentTaskSubmission { Task = answer };
        }

        Validate(request);

        _state.State.StepInput = request.Input.ValueKind == JsonValueKind.Undefined ? default : request.Input.Clone();
        _state.State.Timeout = request.Timeout;
        // A task that needs no slot from its user starts at once: its Pending and its first attempt's Running are written
        // together (two events, one write), and the submit answers with the Pending one. A task under a per-user limit
        // is written Pending and waits for its slot.
        // (The flag is set before the write: whichever turn starts the run, it finds the first attempt's start in the write.)
        var startsAtOnce = !UsesUserSlot(request.ParentTaskId);
        _firstAttemptStarted = startsAtOnce;
        // A task given no run is a run of its own, named after it: task ids are unique, and no random id (a system call)
        // is made per task.
        var runId = request.RunId ?? TaskId;
        var submit = new AgentTaskChange.Submit(TaskId, [.. request.Route], request.UserId, runId, _state.State.StepInput, request.ParentTaskId);
        var entry = _registry.Get(request.Route[0]);
        IReadOnlyList<AgentTaskChange>? then = startsAtOnce ? [new AgentTaskChange.StartAttempt(0)] : null;
        var stored = new TaskCompletionSource();
        _stored = stored.Task;
        if (startsAtOnce && _options.InlineCompletionWindow > TimeSpan.Zero)
        {
            // The first attempt starts now, before the task is written; a task it ends within the window is written once,
            // ended (see AgentTaskOptions.InlineCompletionWindow). Its progress reports and agent calls wait for the write.
            _firstAttempt = AttemptAsync(entry, 0, 1, _state.State.StepInput, Deadline(), runId, request.UserId);
            if (await EndedWithinAsync(_firstAttempt, request.Route.Count).ConfigureAwait(true) is { } end)
            {
                then = [new AgentTaskChange.StartAttempt(0), end];
            }
        }

        var endsAtOnce = then is [_, AgentTaskChange.Finish];

        // The task joins the recovery index while its Pending record is written, and the submit is acknowledged only once
        // both have landed (the run starts as soon as the record has): every acknowledged task is one the index's sweep
        // will resume after a crash. (An id whose task never got written is dropped by the next sweep; a task written but not
        // indexed was never acknowledged, and its retried submit indexes it, above.) A task written ended needs no entry.
        var indexing = endsAtOnce ? Task.CompletedTask : IndexAsync();
        AgentTaskSnapshot submitted;
        try
        {
            // The submit answers Pending, or the end of a task written ended (its caller need not wait for it).
            var written = await UpdateAsync(submit, entry.Options.MaxAttempts, list: startsAtOnce, then: then).ConfigureAwait(true);
            submitted = endsAtOnce ? written.Next.Task! : written.Intermediate ?? written.Next.Task!;
        }
        catch (InconsistentStateException)
        {
            stored.TrySetResult();
            var eager = _firstAttempt;
            _firstAttemptStarted = false;
            _firstAttempt = null;
            // An earlier submit's write can have landed although its caller saw it fail (a storage timeout): storage
            // then holds the task under a newer ETag. Take it as the task, and answer as a duplicate submit would.
            await indexing.ConfigureAwait(true);
            _indexed = true;
            await _state.ReadStateAsync().ConfigureAwait(true);
            if (Current is not { } found)
            {
                throw;
            }

            // When what storage holds is exactly what this activation's unconfirmed submit wrote, its first attempt's
            // start is ours and never ran (or runs now, started by this submit): run it as that attempt instead of
            // counting it as one a crash cut short.
            _firstAttemptStarted = _unconfirmed is { } ours && startsAtOnce && found.Status == AgentTaskStatus.Running
                && found.RunId == ours.RunId && found.Sequence == ours.Sequence && found.UpdatedAt == ours.UpdatedAt;
            if (_firstAttemptStarted)
            {
                _firstAttempt = eager;
            }
            else
            {
                AbandonFirstAttempt(eager);
            }

            Log.WriteConflict(_logger, TaskId);
            TakeStored();
            return new AgentTaskSubmission { Task = Existing(found, request) };
        }
        catch
        {
            _firstAttemptStarted = false;
            AbandonFirstAttempt(_firstAttempt);
            _firstAttempt = null;
            stored.TrySetResult();

            // The Pending write failed: the submit fails with that error; the add's outcome no longer matters (an id
            // without a task is dropped by the next sweep).
            await indexing.ContinueWith(static _ => { }, TaskScheduler.Current).ConfigureAwait(true);
            throw;
        }

        stored.TrySetResult();
        if (endsAtOnce)
        {
            // Nothing to release: a task that starts at once holds no user slot, and this one never joined the index. Its
            // submitter has the end in the answer, so the activation goes as soon as the answer has (a later read
            // activates it again from storage).
            _firstAttempt = null;
            _deadline?.Dispose();
            _deadline = null;
            this.DeactivateOnIdle();
            return new AgentTaskSubmission { Task = submitted, Created = true };
        }

        if (!startsAtOnce)
        {
            // Under a per-user limit the task takes its place in the user's queue before the submit is acknowledged, so
            // tasks queue in the order their submits were answered (slot requests from task grains on different silos
            // would otherwise reach the user's grain in any order).
            _holdsSlot = await Users(submitted.UserId).TryAcquireSlotAsync(TaskId, _options.MaxConcurrentTasksPerUser).ConfigureAwait(true);
        }

        // The task is stored: its run starts now, while the index add may still be in flight, and the submit is
        // acknowledged once the add has landed too. A task queued behind its user's limit does not start: the user's
        // grain starts it (StartAsync) when it hands it a slot.
        if (startsAtOnce || _holdsSlot)
        {
            StartRun();
        }

        if (!startsAtOnce)
        {
            // A task under a per-user limit was written Pending alone: list it as that (a Running write already in
            // flight lists the task again; the listing keeps the newer of the two, whichever arrives first).
            List(submitted);
        }

        await indexing.ConfigureAwait(true);
        _indexed = true;
        return new AgentTaskSubmission { Task = submitted, Created = true };
    }

    /// <summary>
    /// Stops a first attempt the submit started when the task it belongs to was not written by this submit: the agent is
    /// told to stop (a later submit starts afresh, with a new cancellation source), and the task deadline goes with it.
    /// </summary>
    private void AbandonFirstAttempt(Task? attempt)
    {
        if (attempt is { IsCompleted: false })
        {
            var cancel = _cancel;
            _cancel = new CancellationTokenSource();
            cancel.Cancel();
        }

        _deadline?.Dispose();
        _deadline = null;
    }

    /// <summary>
    /// Waits up to <see cref="AgentTaskOptions.InlineCompletionWindow"/> for the first attempt; returns the change that ends
    /// the task when the attempt ended it (a one-step task whose agent returned an output), otherwise <c>null</c>.
    /// </summary>
    private async Task<AgentTaskChange.Finish?> EndedWithinAsync(Task<(AgentResult? Result, AgentError? Error, AgentTaskStatus? Stop)> attempt, int steps)
    {
        if (!attempt.IsCompleted)
        {
            // Wall-clock time: a performance window, not a timeout of the task (a test's fake clock must not hold a submit).
            // WaitAsync drops its timer as soon as the attempt ends (a Task.Delay raced with WhenAny stayed queued until it
            // fired, one timer callback per task), and a window that passes completes it without throwing.
            await ((Task)attempt).WaitAsync(_options.InlineCompletionWindow, TimeProvider.System).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        }

        return attempt.IsCompletedSuccessfully && steps == 1 && attempt.Result.Result is { Items: null } result
            ? new AgentTaskChange.Finish(AgentTaskStatus.Succeeded, result.IsEmpty ? null : result.Output, null)
            : null;
    }

    /// <summary>The answer to a submit for a task that exists: the task for the same request, an error for another.</summary>
    private AgentTaskSnapshot Existing(AgentTaskSnapshot existing, AgentTaskRequest request) =>
        SameRequest(existing, request)
            ? existing
            : throw new ArgumentException($"Task '{TaskId}' already exists with a different request; submit under a new task id.", "request");

    /// <summary>
    /// Whether <paramref name="request"/> is the request <paramref name="existing"/> was submitted with. A task records its
    /// request in its own fields (route, input, owner, run id, parent, timeout), so nothing is computed or stored for it
    /// when a task is created; a repeated submit is compared with them (the input as JSON values, and a request without a
    /// run id matches the one the task was given). Tasks stored before that kept a fingerprint of their request
    /// (<see cref="RequestFingerprint"/>), which then decides.
    /// </summary>
    private bool SameRequest(AgentTaskSnapshot existing, AgentTaskRequest request) =>
        _state.State.Fingerprint is { } fingerprint
            ? RequestFingerprint.Matches(fingerprint, RequestFingerprint.Of(request))
            : existing.Route.SequenceEqual(request.Route, StringComparer.Ordinal)
              && string.Equals(existing.UserId, request.UserId, StringComparison.Ordinal)
              && (request.RunId is null || string.Equals(existing.RunId, request.RunId, StringComparison.Ordinal))
              && string.Equals(existing.ParentTaskId, request.ParentTaskId, StringComparison.Ordinal)
              && _state.State.Timeout == request.Timeout
              && JsonElement.DeepEquals(existing.Input, WireJson.Defined(request.Input));

    public Task<AgentTaskSnapshot> GetAsync(AgentCaller caller) => Task.FromResult(Visible(caller));

    public async Task<AgentTaskSnapshot> WaitAsync(AgentCaller caller, TimeSpan timeout)
    {
        var task = Visible(caller);
        if (task.Status.IsTerminal())
        {
            return task;
        }

        try
        {
            var slice = timeout == Timeout.InfiniteTimeSpan || timeout > AgentTaskWaiting.MaxWaitPerCall ? AgentTaskWaiting.MaxWaitPerCall : timeout;
            await _terminal.Task.WaitAsync(slice, _time).ConfigureAwait(true);

            // Visible releases the finished activation once this answer has gone (the submitter's wait is usually the
            // task's last call).
            return Visible(caller);
        }
        catch (TimeoutException)
        {
            return Visible(caller);
        }
    }

    public async Task<AgentTaskSnapshot> CancelAsync(AgentCaller caller)
    {
        var task = Visible(caller);
        if (task.Status.IsTerminal())
        {
            return task;
        }

        // Like CancellationTokenSource.CancelAsync (the agent's cancellation callbacks run off this grain's turn), but
        // through the runtime, so that a simulation runs them as one of its steps instead of on the thread pool.
        // The agent's cancellation callbacks run on the thread pool, not in this grain's turn.
        await _cancel.CancelAsync().ConfigureAwait(true);
        foreach (var child in task.ChildTaskIds)
        {
            await CallChildAsync(child, c => c.CancelAsync(caller)).ConfigureAwait(true);
        }

        if (_run is null || _run.IsCompleted)
        {
            return await FinishAsync(AgentTaskStatus.Cancelled, null, null).ConfigureAwait(true);
        }

        try
        {
            await _terminal.Task.WaitAsync(_options.CancellationGracePeriod, _time).ConfigureAwait(true);
        }
        catch (TimeoutException)
        {
            Log.ForcedCancellation(_logger, TaskId, _options.CancellationGracePeriod);
        }

        return await FinishAsync(AgentTaskStatus.Cancelled, null, null).ConfigureAwait(true);
    }

    public Task StartAsync()
    {
        StartRun();
        return Task.CompletedTask;
    }

    /// <summary>
    /// The activation goes away while its agent runs (its silo stops, or the grain moves to a joining silo): the agent
    /// is told to stop, and nothing of this run is recorded any more. The task stays as stored; its next call or its
    /// recovery reminder resumes it on the grain's new activation, as a new attempt, instead of the agent's work being
    /// done twice at once.
    /// </summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_run is { IsCompleted: false } && Current is { } task && !task.Status.IsTerminal())
        {
            _abandoned = true;
            await _cancel.CancelAsync().ConfigureAwait(true);
        }
    }

    public async Task<bool> ResumeIfUnfinishedAsync()
    {
        if (_run is { IsCompleted: false })
        {
            return true;
        }

        // Not running here: judge by what storage holds. A run ends early when a write fails or its outcome is
        // unknown (a timeout), and memory may then be behind storage, or ahead of it for a write that did not land.
        await _writeGate.WaitAsync().ConfigureAwait(true);
        try
        {
            await _state.ReadStateAsync().ConfigureAwait(true);
        }
        finally
        {
            _writeGate.Release();
        }

        TakeStored();
        if (Current is not { } task || task.Status.IsTerminal())
        {
            ReleaseWhenIdleIfSettled();
            return false;
        }

        return true;
    }

    private AgentTaskSnapshot Visible(AgentCaller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ReleaseWhenIdleIfSettled();
        return _persisted is { } task && (caller.IsAdmin || caller.UserId == task.UserId)
            ? task
            : throw new AgentTaskNotFoundException($"No task '{TaskId}' is visible to user '{caller.UserId}'.");
    }

    /// <summary>
    /// A task that has ended (or was never submitted) only answers reads from its persisted record: its activation
    /// is released once the calls in flight have finished, instead of after the idle-collection age. At thousands
    /// of tasks a second, finished activations kept for 15 minutes would fill the silo; a later call re-activates.
    /// </summary>
    private void ReleaseWhenIdleIfSettled()
    {
        // Judge by what storage holds: the in-memory state turns terminal (or appears at submit) before its write
        // lands, and releasing the activation then would let a new one resume the task from the older record.
        var settled = _persisted is { } task ? task.Status.IsTerminal() : Current is null;
        if (settled)
        {
            this.DeactivateOnIdle();
        }
    }

    private void Validate(AgentTaskRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.UserId))
        {
            throw new ArgumentException("An agent task needs a user id (its owner).", nameof(request));
        }

        if (request.Route is null || request.Route.Count == 0)
        {
            throw new ArgumentException("An agent task needs at least one agent in its route.", nameof(request));
        }

        if (request.Timeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"The task timeout must be positive (was {timeout}).", nameof(request));
        }

        var size = request.Input.ValueKind == JsonValueKind.Undefined ? 0 : Encoding.UTF8.GetByteCount(request.Input.GetRawText());
        if (size > _options.MaxInputBytes)
        {
            throw new ArgumentException($"The task input is {size} bytes; the limit is {_options.MaxInputBytes} ({nameof(AgentTaskOptions)}.{nameof(AgentTaskOptions.MaxInputBytes)}).", nameof(request));
        }

        foreach (var agent in request.Route)
        {
            _registry.Get(agent);
        }

        if (_registry.Get(request.Route[0]).Options.InputType is { } inputType)
        {
            object? input;
            try
            {
                input = request.Input.ValueKind == JsonValueKind.Undefined ? null : request.Input.Deserialize(inputType, AgentInputJson.Options);
            }
            catch (JsonException exception)
            {
                throw new ArgumentException($"The input is not valid for agent '{request.Route[0]}' ({inputType.Name}): {exception.Message}", nameof(request), exception);
            }

            if (input is null && Nullable.GetUnderlyingType(inputType) is null)
            {
                throw new ArgumentException($"Agent '{request.Route[0]}' needs a {inputType.Name} input; the input is {(request.Input.ValueKind == JsonValueKind.Undefined ? "missing" : "null")}.", nameof(request));
            }
        }
    }

}
