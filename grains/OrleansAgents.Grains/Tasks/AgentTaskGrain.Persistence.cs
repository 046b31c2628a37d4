using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrleansAgents.Agents.Lifecycle;
using OrleansAgents.Hosting;

namespace OrleansAgents.Agents;

internal sealed partial class AgentTaskGrain
{
    private const int ChildCallAttempts = 10;
    private const int MaxWriteConflicts = 3;
    private static readonly TimeSpan FinishedActivationGrace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ChildCallRetryDelay = TimeSpan.FromMilliseconds(200);
    private int _childCalls;
    private IUserTasksGrain? _users;
    private string? _recoveryShard;

    /// <summary>Whether the one-shot timer that releases this finished task's activation is registered.</summary>
    private bool _releaseScheduled;

    /// <summary>The last recovery-index add this activation sent (its removal waits for it).</summary>
    private Task? _indexing;

    /// <summary>Set when the activation is deactivated while its agent runs: the run then writes nothing more.</summary>
    private bool _abandoned;

    /// <summary>The last exception a write of the task failed with: how the run tells a storage failure from its agent's.</summary>
    private Exception? _writeFailure;

    /// <summary>The events storage last accepted (see <see cref="_persisted"/>).</summary>
    private IReadOnlyList<AgentTaskEvent> _persistedEvents = [];

    /// <summary>Completed (and replaced) whenever a write lands: what <see cref="ReadEventsAsync"/> waits for.</summary>
    private TaskCompletionSource _eventsChanged = new();

    /// <summary>The task as a write whose outcome is unknown (it failed or timed out, and may have landed) would have stored it.</summary>
    private AgentTaskSnapshot? _unconfirmed;

    /// <summary>The status this activation last sent to the owner's listing.</summary>
    private AgentTaskStatus? _listedStatus;


    /// <summary>
    /// Applies a change to the task through the lifecycle (<see cref="AgentTaskLifecycle"/>) and persists the result, with
    /// the events that record it, before anyone can observe it. Writes are serialized; a change the lifecycle makes
    /// nothing of (a terminal task absorbs every change) writes nothing. Returns the transition as persisted.
    /// </summary>
    /// <param name="change">The change.</param>
    /// <param name="maxAttempts">The current step's attempt limit (for starting and failing attempts).</param>
    /// <param name="list">Whether a new status goes to the owner's listing (not for the submit of a task that waits for a
    /// user slot: it lists the task itself).</param>
    /// <param name="then">Changes applied on top of the first in the same write (their events, one write): the submit of
    /// a task that can start at once records its Pending and its first attempt together, and with its end when that
    /// attempt ended the task within <see cref="AgentTaskOptions.InlineCompletionWindow"/>.</param>
    /// <param name="stepInput">The next step's input, written with the change (an <see cref="AgentTaskChange.Advance"/>);
    /// put back with the rest of the state when the write fails.</param>
    private async Task<AgentTaskTransition> UpdateAsync(AgentTaskChange change, int maxAttempts = int.MaxValue, bool list = true, IReadOnlyList<AgentTaskChange>? then = null, JsonElement? stepInput = null)
    {
        await _writeGate.WaitAsync().ConfigureAwait(true);
        try
        {
            if (_abandoned && Current is { } unfinished && !unfinished.Status.IsTerminal())
            {
                // The activation is going away (see OnDeactivateAsync): its run records nothing more.
                var abandoned = new SiloUnavailableException($"Task '{TaskId}': its activation was deactivated while the agent ran; the task stays as stored for the next activation to resume.");
                _writeFailure = abandoned;
                throw abandoned;
            }

            var previous = Stored();
            var transition = Stage(change, then, maxAttempts, previous);
            if (!transition.Changed)
            {
                return transition;
            }

            if (stepInput is { } nextInput)
            {
                _state.State.StepInput = nextInput;
            }

            try
            {
                for (var conflicts = 0; ; conflicts++)
                {
                    try
                    {
                        await _state.WriteStateAsync().ConfigureAwait(true);
                        break;
                    }
                    catch (InconsistentStateException) when (previous.State.Task is not null && conflicts < MaxWriteConflicts)
                    {
                        // Another activation of this task (a stale one left behind by a membership change) wrote in
                        // between, or an earlier write of ours landed although it reported a failure (a timeout).
                        // Storage wins: take what it holds, and apply the change to that (the lifecycle ignores it if the
                        // task has ended meanwhile).
                        Log.WriteConflict(_logger, TaskId);
                        Restore(previous);
                        await _state.ReadStateAsync().ConfigureAwait(true);
                        previous = Stored();
                        transition = Stage(change, then, maxAttempts, previous);
                        if (transition.Changed && stepInput is { } rereadInput)
                        {
                            _state.State.StepInput = rereadInput;
                        }

                        if (!transition.Changed)
                        {
                            Persisted();
                            if (Current is { } ended && ended.Status.IsTerminal())
                            {
                                _terminal.TrySetResult(ended);
                                await PublishTransitionAsync(ended).ConfigureAwait(true);
                            }

                            return transition;
                        }
                    }
                }
            }
            catch (Exception exception)
            {
                // The write failed, or its outcome is unknown: memory keeps what storage was last known to hold, so
                // nothing unwritten becomes observable; the next write finds out (by its ETag) what storage holds.
                Restore(previous);
                _writeFailure = exception;
                if (exception is not InconsistentStateException)
                {
                    _unconfirmed = transition.Next.Task;
                }

                throw;
            }

            Persisted();
            var next = Current!;
            if (list && next.Status != _listedStatus)
            {
                List(next);
            }

            if (next.Status.IsTerminal())
            {
                _terminal.TrySetResult(next);
            }

            await PublishTransitionAsync(next).ConfigureAwait(true);
            return transition;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>The lifecycle state and events in memory (what storage holds, between writes).</summary>
    private (AgentTaskLifecycleState State, IReadOnlyList<AgentTaskEvent> Events, JsonElement StepInput) Stored() =>
        (new AgentTaskLifecycleState(_state.State.Task, _state.State.StepAttempts), _state.State.Events, _state.State.StepInput);

    /// <summary>Puts back what storage was last known to hold, the step's input included (a failed Advance must not leave the next step's input with the step that produced it).</summary>
    private void Restore((AgentTaskLifecycleState State, IReadOnlyList<AgentTaskEvent> Events, JsonElement StepInput) stored)
    {
        _state.State.Task = stored.State.Task;
        _state.State.StepAttempts = stored.State.StepAttempts;
        _state.State.Events = stored.Events;
        _state.State.StepInput = stored.StepInput;
    }

    /// <summary>
    /// Applies the change(s) to <paramref name="stored"/> and, if anything changed, puts the result and its events into
    /// the state about to be written. The event list is replaced, not changed, so that a failed write can put the
    /// previous one back.
    /// </summary>
    private AgentTaskTransition Stage(
        AgentTaskChange change,
        IReadOnlyList<AgentTaskChange>? then,
        int maxAttempts,
        (AgentTaskLifecycleState State, IReadOnlyList<AgentTaskEvent> Events, JsonElement StepInput) stored)
    {
        var at = _time.GetUtcNow();
        var first = AgentTaskLifecycle.Apply(stored.State, change, maxAttempts, at);
        var transition = first;
        if (then is not null && first.Changed)
        {
            // Each further change applies to the result of the ones before; the transition keeps the first change's
            // result as its intermediate (what the submit answers) and the effect of the last change that did anything.
            foreach (var next in then)
            {
                var applied = AgentTaskLifecycle.Apply(transition.Next, next, maxAttempts, at);
                if (applied.Changed)
                {
                    transition = applied with { Events = [.. transition.Events, .. applied.Events], Intermediate = first.Next.Task };
                }
            }
        }

        if (!transition.Changed)
        {
            return transition;
        }

        var events = stored.Events;
        var added = transition.Events.Count;
        var keep = Math.Min(events.Count, Math.Max(0, _options.MaxTaskEvents - added));
        var staged = new List<AgentTaskEvent>(keep + added);
        for (var i = events.Count - keep; i < events.Count; i++)
        {
            staged.Add(events[i]);
        }

        staged.AddRange(transition.Events);
        _state.State.Task = transition.Next.Task;
        _state.State.StepAttempts = transition.Next.StepAttempts;
        _state.State.Events = staged;
        return transition;
    }

    /// <summary>Takes what storage now holds as what readers see, and wakes the readers waiting for events.</summary>
    private void Persisted()
    {
        _persisted = Current;
        _persistedEvents = _state.State.Events;
        var changed = _eventsChanged;
        _eventsChanged = new TaskCompletionSource();
        changed.TrySetResult();
    }

    /// <summary>
    /// Queues a persisted status for the owner's listing (an index, flushed to storage at most once a second). Nobody
    /// waits for it: the silo sends each user's listing changes together a few milliseconds later, and a listing read
    /// collects the changes still on their way from every silo first (<see cref="UserListingClient"/>), so a task is in
    /// its owner's listing once its submit is answered.
    /// </summary>
    private void List(AgentTaskSnapshot task)
    {
        _listedStatus = task.Status;
        _bookkeeping.List(task.UserId, new AgentTaskSummary(task.TaskId, task.Status, task.Route, task.CreatedAt, task.UpdatedAt));
    }

    private Task<AgentTaskSnapshot> FinishAsync(AgentTaskStatus status, JsonElement? output, AgentError? error) =>
        ChangeAsync(new AgentTaskChange.Finish(status, output, error));

    /// <summary>
    /// Applies a change and, when the task is (now or already) terminal, carries out the end: its user slot, the recovery
    /// index, the activation. Returns the task as stored.
    /// </summary>
    private async Task<AgentTaskSnapshot> ChangeAsync(AgentTaskChange change, int maxAttempts = int.MaxValue)
    {
        await UpdateAsync(change, maxAttempts).ConfigureAwait(true);
        await EndedAsync().ConfigureAwait(true);
        return Current!;
    }

    /// <summary>Carries out the end of a task that is terminal (<see cref="AgentTaskEffect.Ended"/>); nothing for a task that is not.</summary>
    private Task EndedAsync() => Current is { } task && task.Status.IsTerminal() ? ReleaseAsync(task) : Task.CompletedTask;

    private async Task ReleaseAsync(AgentTaskSnapshot finished)
    {
        if (UsesUserSlot(finished))
        {
            // Also when queued without a slot: a task that ends while waiting must leave the user's queue.
            _holdsSlot = false;
            await Users(finished.UserId).ReleaseSlotAsync(TaskId).ConfigureAwait(true);
        }

        // Lazy: a removal that is lost costs the index one more call to this (ended) task. It is sent only once the add
        // has landed: adds and removals travel in separate batches, and a removal that overtook its add would leave the
        // id in the index for good (and every later write of the shard would carry it).
        if (_indexing is { IsCompleted: false } indexing)
        {
            await indexing.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Current).ConfigureAwait(true);
        }

        _bookkeeping.Unindex(RecoveryShard, TaskId);

        // A finished task only answers reads, from its persisted record. The first read after the end (usually the
        // submitter's wait, often already waiting) releases the activation (ReleaseWhenIdleIfSettled); if none comes
        // within FinishedActivationGrace, a one-shot timer does. Releasing at once instead made the waiter's call,
        // arriving a moment later, activate and read the task a second time; keeping it for the idle-collection age
        // (15 minutes) would fill the silo's memory at thousands of tasks a second.
        ReleaseAfterGrace();
    }

    /// <summary>Releases the activation of a finished task after <see cref="FinishedActivationGrace"/> (once per activation).</summary>
    private void ReleaseAfterGrace()
    {
        if (_releaseScheduled)
        {
            return;
        }

        _releaseScheduled = true;
        this.RegisterGrainTimer(
            static self =>
            {
                self.DeactivateOnIdle();
                return Task.CompletedTask;
            },
            this,
            new GrainTimerCreationOptions(FinishedActivationGrace, Timeout.InfiniteTimeSpan) { Interleave = true });
    }

    /// <summary>The recovery index shard this task is listed in (by a stable hash of its id).</summary>
    private string RecoveryShard => _recoveryShard ??= AgentTaskRecoveryShards.For(TaskId, _options.RecoveryShards);

    /// <summary>Adds the task to its recovery index shard; completes once the shard has persisted it.</summary>
    private Task IndexAsync() => _indexing = _bookkeeping.IndexAsync(RecoveryShard, TaskId);

    /// <summary>The owner's task index; one reference per activation (a task has one owner).</summary>
    private IUserTasksGrain Users(string userId) =>
        _users is { } users && users.GetPrimaryKeyString() == userId ? users : _users = GrainReferences.Get<IUserTasksGrain>(GrainFactory, userId);

    private AgentContext CreateContext(AgentRegistry.Entry entry, int step, int attempt, JsonElement input, CancellationToken token, string runId, string userId)
    {
        var grainScheduler = TaskScheduler.Current;
        var name = entry.Registration.Name;
        return new AgentContext(
            new AgentTaskInfo(TaskId, runId, userId, name, attempt, step),
            input,
            new AgentMemory(GrainFactory, userId, name, TaskId, step, _time),
            _logger,
            GrainFactory,
            ServiceProvider,
            (percent, message) => ReportProgressAsync(grainScheduler, step, percent, message),
            (agent, childInput, cancellation) => OnGrain(grainScheduler, () => CallAgentAsync(runId, userId, attempt, agent, childInput, cancellation)),
            token);
    }

    /// <summary>
    /// Applies a progress report on the grain's own context (the agent runs off it) and persists it; an attempt the submit
    /// started before writing the task reports once the task is written.
    /// </summary>
    /// <remarks>
    /// A report whose write fails or times out is lost, not the attempt: the agent goes on (storage failures are not agent
    /// failures), the task stays as stored, and the next write finds out by its ETag what storage holds. Only an
    /// activation that is going away fails the report, so the agent stops working for a run nothing will record.
    /// </remarks>
    private ValueTask ReportProgressAsync(TaskScheduler grainScheduler, int step, double percent, string? message) =>
        new(OnGrain(grainScheduler, async () =>
        {
            await _stored.ConfigureAwait(true);
            try
            {
                await UpdateAsync(new AgentTaskChange.Progress(step, percent, message)).ConfigureAwait(true);
            }
            catch (Exception exception) when (ReferenceEquals(exception, _writeFailure) && !_abandoned)
            {
                Log.ProgressLost(_logger, exception, TaskId, percent);
            }

            return true;
        }));

    /// <summary>
    /// Runs <paramref name="call"/> on the grain's own context: agent code runs off it (on the thread pool), and grain
    /// services such as <see cref="Grain.GrainFactory"/> may only be used on it.
    /// </summary>
    private static Task<T> OnGrain<T>(TaskScheduler grainScheduler, Func<Task<T>> call) =>
        Task.Factory.StartNew(call, CancellationToken.None, TaskCreationOptions.None, grainScheduler).Unwrap();

    private async Task<JsonElement?> CallAgentAsync(string runId, string userId, int attempt, string agent, JsonElement input, CancellationToken cancellation)
    {
        // A child names its parent: an attempt the submit started before writing the task calls once the task is written.
        await _stored.ConfigureAwait(true);
        if (Current is null)
        {
            throw new AgentFailedException($"Task '{TaskId}' was not stored (its submit failed): agent '{agent}' is not called.", retryable: false);
        }

        var childId = $"{TaskId}-a{attempt}-call-{Interlocked.Increment(ref _childCalls)}";
        var child = GrainReferences.Get<IAgentTaskGrain>(GrainFactory, childId);
        var request = new AgentTaskRequest { Route = [agent], Input = input, UserId = userId, RunId = runId, ParentTaskId = TaskId };
        // No ConfigureAwait(false): agent code runs off the grain's turns, and in a simulation it has a context to come back to.
        await CallChildAsync(childId, c => c.SubmitAsync(request)).ConfigureAwait(true);
        using var cancelChild = cancellation.Register(() => child.CancelAsync(new AgentCaller(userId)).Ignore());
        var result = await CallChildAsync(childId, c => c.WaitForTerminalAsync(new AgentCaller(userId), Timeout.InfiniteTimeSpan)).ConfigureAwait(true);
        return result.Status == AgentTaskStatus.Succeeded
            ? result.Output
            : throw new AgentFailedException($"Agent '{agent}' (task {childId}) ended {result.Status}: {result.Error?.Message}", result.Error?.Retryable ?? false);
    }

    /// <summary>
    /// Calls a child task, and calls again after a failure that says nothing about the child's request: the silo
    /// holding it died before answering (the next call reaches the child on a live silo, which resumes it), the call
    /// timed out, or the child's storage write failed or timed out (a timed-out write may have landed; the next submit
    /// finds it). Every task call is idempotent, so calling again is safe.
    /// </summary>
    private async Task<AgentTaskSnapshot> CallChildAsync(string childId, Func<IAgentTaskGrain, Task<AgentTaskSnapshot>> call)
    {
        var child = GrainReferences.Get<IAgentTaskGrain>(GrainFactory, childId);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call(child).ConfigureAwait(true);
            }
            catch (Exception exception) when (attempt < ChildCallAttempts && IsTransient(exception))
            {
                Log.ChildCallRetried(_logger, exception, TaskId, childId, attempt);
                await Task.Delay(ChildCallRetryDelay, _time).ConfigureAwait(true);
            }
        }
    }

    /// <summary>
    /// Failures of the call or of the callee's storage, not of the request: worth calling again. Orleans wraps a storage
    /// provider's failure in an <see cref="OrleansException"/> ("Error from storage provider …"): judged by its cause. A
    /// message Orleans rejected ("Forwarding failed", while membership changes after a silo's death) never reached the
    /// child (found by the agent chaos sweep: a fan-out failed for good when its child's submit was rejected so).
    /// </summary>
    private static bool IsTransient(Exception exception) =>
        exception is SiloUnavailableException or TimeoutException or IOException or InconsistentStateException or OrleansMessageRejectionException
        || (exception is OrleansException { InnerException: { } cause } && IsTransient(cause));

    private static partial class Log
    {
        [LoggerMessage(6008, LogLevel.Warning, "Task {TaskId}: a progress report ({Percent}%) was not stored (its write failed); the agent goes on")]
        public static partial void ProgressLost(ILogger logger, Exception exception, string taskId, double percent);

        [LoggerMessage(6001, LogLevel.Warning, "Task {TaskId}: attempt {Attempt} of agent {Agent} failed (retryable: {Retryable})")]
        public static partial void AttemptFailed(ILogger logger, Exception exception, string taskId, string agent, int attempt, bool retryable);

        [LoggerMessage(6002, LogLevel.Error, "Task {TaskId}: the run failed unexpectedly")]
        public static partial void RunFailed(ILogger logger, Exception exception, string taskId);

        [LoggerMessage(6007, LogLevel.Warning, "Task {TaskId}: a transition could not be persisted; the run stops and the task stays as stored until it resumes, once storage answers again")]
        public static partial void RunInterrupted(ILogger logger, Exception exception, string taskId);

        [LoggerMessage(6009, LogLevel.Warning, "Task {TaskId}: resuming after a failed write failed (storage still failing); trying again after a longer wait")]
        public static partial void ResumeFailed(ILogger logger, Exception exception, string taskId);

        [LoggerMessage(6005, LogLevel.Warning, "Task {TaskId}: another activation wrote the task in between; reloaded it from storage")]
        public static partial void WriteConflict(ILogger logger, string taskId);

        [LoggerMessage(6003, LogLevel.Warning, "Task {TaskId}: the agent did not stop within {Grace} of cancellation; marked Cancelled")]
        public static partial void ForcedCancellation(ILogger logger, string taskId, TimeSpan grace);

        [LoggerMessage(6004, LogLevel.Warning, "Task {TaskId}: call {Attempt} to child task {ChildTaskId} failed before an answer; calling again")]
        public static partial void ChildCallRetried(ILogger logger, Exception exception, string taskId, string childTaskId, int attempt);
    }
}
