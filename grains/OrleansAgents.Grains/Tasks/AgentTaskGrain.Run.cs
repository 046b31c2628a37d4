using System.Text.Json;
using OrleansAgents.Agents.Lifecycle;

namespace OrleansAgents.Agents;

internal sealed partial class AgentTaskGrain
{
    private bool _holdsSlot;

    /// <summary>The first wait before a run stopped by a failed write is resumed (<see cref="ResumeAfterWriteFailure"/>).</summary>
    private static readonly TimeSpan FirstResumeBackoff = TimeSpan.FromSeconds(1);

    /// <summary>The pending resume after a failed write, if any.</summary>
    private IGrainTimer? _resumeTimer;

    /// <summary>The last wait before a resume after a failed write; zero once a resumed run is going.</summary>
    private TimeSpan _resumeBackoff;

    /// <summary>Set when the submit wrote the first attempt's start together with the task: the run's first attempt then writes nothing before the agent runs.</summary>
    private bool _firstAttemptStarted;

    /// <summary>The first attempt, when the submit started it before writing the task (see <see cref="AgentTaskOptions.InlineCompletionWindow"/>): the run takes its outcome.</summary>
    private Task<(AgentResult? Result, AgentError? Error, AgentTaskStatus? Stop)>? _firstAttempt;

    /// <summary>The task's deadline (<see cref="AgentTaskRequest.Timeout"/>), when the submit started the first attempt: the run takes it over.</summary>
    private CancellationTokenSource? _deadline;

    /// <summary>Completes once the submit's write has landed or failed: an attempt started before it waits for it to report progress or call agents.</summary>
    private Task _stored = Task.CompletedTask;

    /// <summary>The deadline of a task with a timeout, counted from now (the submit's first attempt, or the run's start); the run disposes it.</summary>
    private CancellationToken Deadline()
    {
        if (_deadline is null && _state.State.Timeout is { } timeout)
        {
            _deadline = new CancellationTokenSource(timeout, _time);
        }

        return _deadline?.Token ?? CancellationToken.None;
    }

    private void StartRun()
    {
        if (_run is { IsCompleted: false } || Current is not { } task || task.Status.IsTerminal())
        {
            return;
        }

        _run = RunAsync();
    }

    private async Task RunAsync()
    {
        try
        {
            var task = Current!;
            if (UsesUserSlot(task) && !_holdsSlot)
            {
                _holdsSlot = await Users(task.UserId).TryAcquireSlotAsync(TaskId, _options.MaxConcurrentTasksPerUser).ConfigureAwait(true);
                if (!_holdsSlot)
                {
                    return;
                }
            }

            if (task.ChildTaskIds.Count > 0)
            {
                // A fan-out whose silo died while it waited for its children: wait for them again.
                await AwaitChildrenAsync(task.ChildTaskIds).ConfigureAwait(true);
                return;
            }

            // No task timeout, no token source: an attempt then links only its own timeout and the cancellation. A deadline
            // the submit started (with the first attempt) is taken over.
            var taskDeadline = Deadline();
            using var deadline = _deadline;
            _deadline = null;
            var input = _state.State.StepInput;
            for (var step = task.StepIndex; step < task.Route.Count; step++)
            {
                var outcome = await RunStepAsync(step, input, taskDeadline).ConfigureAwait(true);
                if (outcome is null)
                {
                    return;
                }

                var result = outcome;
                if (result.IsEmpty)
                {
                    await FinishAsync(AgentTaskStatus.Succeeded, null, null).ConfigureAwait(true);
                    return;
                }

                if (result.Items is { } items)
                {
                    await FanOutAsync(step, items).ConfigureAwait(true);
                    return;
                }

                input = result.Output!.Value;
                if (step + 1 < task.Route.Count)
                {
                    // AgentOptions.MaxAttempts is a per-step limit (StepAttempts); the snapshot's Attempts counts the whole task.
                    await UpdateAsync(new AgentTaskChange.Advance(step + 1), stepInput: input).ConfigureAwait(true);
                }
            }

            await FinishAsync(AgentTaskStatus.Succeeded, input, null).ConfigureAwait(true);
        }
        catch (Exception exception) when (ReferenceEquals(exception, _writeFailure))
        {
            // Storage, not the agent, failed: like a crash of this run. The task's record is intact, and the task resumes
            // (as a new attempt) once storage answers again: this activation tries after a backoff, and the recovery
            // index's sweep would too.
            Log.RunInterrupted(_logger, exception, TaskId);
            ResumeAfterWriteFailure();
        }
        catch (Exception exception)
        {
            Log.RunFailed(_logger, exception, TaskId);
            try
            {
                await FinishAsync(AgentTaskStatus.Failed, null, ErrorClassifier.ToError(exception, retryable: false, null)).ConfigureAwait(true);
            }
            catch (Exception writeFailure) when (ReferenceEquals(writeFailure, _writeFailure))
            {
                Log.RunInterrupted(_logger, writeFailure, TaskId);
                ResumeAfterWriteFailure();
            }
        }
    }

    /// <summary>
    /// After a run stopped because a write failed, resumes the task on this activation once storage answers again: a
    /// one-shot grain timer after <see cref="_resumeBackoff"/> (1 s, doubling up to <see cref="AgentTaskOptions.RecoveryPeriod"/>
    /// while storage keeps failing) reads the task back and runs it if it is still unfinished. Without it the task
    /// waited for the recovery index's next sweep, up to a whole recovery period (a minute by default; seen in the
    /// agent chaos sweep as a fan-out waiting on a child whose run a write failure had stopped).
    /// </summary>
    private void ResumeAfterWriteFailure()
    {
        if (_abandoned || _resumeTimer is not null)
        {
            return;
        }

        _resumeBackoff = _resumeBackoff == TimeSpan.Zero ? FirstResumeBackoff : TimeSpan.FromTicks(Math.Min(_resumeBackoff.Ticks * 2, _options.RecoveryPeriod.Ticks));
        _resumeTimer = this.RegisterGrainTimer(async _ =>
        {
            _resumeTimer?.Dispose();
            _resumeTimer = null;
            try
            {
                await ResumeIfUnfinishedAsync().ConfigureAwait(true);
                if (_run is { IsCompleted: false })
                {
                    _resumeBackoff = TimeSpan.Zero;
                }
            }
            catch (Exception exception)
            {
                // Storage still fails (the read back): try again later.
                Log.ResumeFailed(_logger, exception, TaskId);
                ResumeAfterWriteFailure();
            }
        }, new GrainTimerCreationOptions(_resumeBackoff, Timeout.InfiniteTimeSpan));
    }

    /// <summary>Runs one step with retries; returns its result, or <c>null</c> when the task already ended.</summary>
    private async Task<AgentResult?> RunStepAsync(int step, JsonElement input, CancellationToken taskDeadline)
    {
        var agentName = Current!.Route[step];
        var entry = _registry.Get(agentName);
        while (true)
        {
            Task<(AgentResult? Result, AgentError? Error, AgentTaskStatus? Stop)>? running = null;
            if (_firstAttemptStarted)
            {
                // The submit wrote this attempt's start with the task (see SubmitAsync), and may have started it too.
                _firstAttemptStarted = false;
                running = _firstAttempt;
                _firstAttempt = null;
            }
            else
            {
                var started = await UpdateAsync(new AgentTaskChange.StartAttempt(step), entry.Options.MaxAttempts).ConfigureAwait(true);
                if (started.Effect != AgentTaskEffect.RunAttempt)
                {
                    // No attempts left (the last was cut short by a crash): the lifecycle failed the task; or it had ended.
                    await EndedAsync().ConfigureAwait(true);
                    return null;
                }
            }

            var attempt = _state.State.StepAttempts;
            var (result, error, stop) = await (running ?? AttemptAsync(entry, step, attempt, input, taskDeadline, Current!.RunId, Current.UserId)).ConfigureAwait(true);
            if (result is not null)
            {
                return result;
            }

            if (stop is { } terminal)
            {
                await FinishAsync(terminal, null, error).ConfigureAwait(true);
                return null;
            }

            var failed = await UpdateAsync(new AgentTaskChange.AttemptFailed(error!), entry.Options.MaxAttempts).ConfigureAwait(true);
            if (failed.Effect != AgentTaskEffect.RetryAfterBackoff)
            {
                // Not retryable, or no attempts left: the lifecycle failed the task (or it had ended meanwhile).
                await EndedAsync().ConfigureAwait(true);
                return null;
            }

            try
            {
                await Task.Delay(Backoff(entry.Options, attempt), _time, _cancel.Token).ConfigureAwait(true);
            }
            catch (OperationCanceledException)
            {
                await FinishAsync(AgentTaskStatus.Cancelled, null, error).ConfigureAwait(true);
                return null;
            }
        }
    }

    private async Task<(AgentResult? Result, AgentError? Error, AgentTaskStatus? Stop)> AttemptAsync(
        AgentRegistry.Entry entry, int step, int attempt, JsonElement input, CancellationToken taskDeadline, string runId, string userId)
    {
        var name = entry.Registration.Name;
        using var attemptTimeout = new CancellationTokenSource(entry.Options.Timeout, _time);
        using var linked = taskDeadline.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(_cancel.Token, attemptTimeout.Token, taskDeadline)
            : CancellationTokenSource.CreateLinkedTokenSource(_cancel.Token, attemptTimeout.Token);
        // Completed by a timer; its only waiter is the WhenAny below, which posts back to this grain's context.
        var forced = new TaskCompletionSource();
        using var forceAfterGrace = linked.Token.Register(() => _ = ForceAfterGraceAsync(forced));
        this.DelayDeactivation(entry.Options.Timeout + _options.CancellationGracePeriod);

        var context = CreateContext(entry, step, attempt, input, linked.Token, runId, userId);
        Task<AgentResult> run;
        if (entry.Concurrency is { } gate)
        {
            run = Task.Run(async () =>
            {
                // ConfigureAwait(true) is the same as false on the thread pool (no context); in a simulation it keeps the
                // agent's continuations on the simulation's thread.
                await gate.WaitAsync(linked.Token).ConfigureAwait(true);
                try
                {
                    return await _registry.Create(entry).RunAsync(context).ConfigureAwait(true);
                }
                finally
                {
                    gate.Release();
                }
            });
        }
        else
        {
            run = Task.Run(() => _registry.Create(entry).RunAsync(context));
        }

        await Task.WhenAny(run, forced.Task).ConfigureAwait(true);
        if (run.IsCompletedSuccessfully && !_cancel.IsCancellationRequested)
        {
            return (run.Result ?? AgentResult.Empty, null, null);
        }

        if (_cancel.IsCancellationRequested)
        {
            return (null, null, AgentTaskStatus.Cancelled);
        }

        if (attemptTimeout.IsCancellationRequested || taskDeadline.IsCancellationRequested)
        {
            var limit = taskDeadline.IsCancellationRequested ? _state.State.Timeout : entry.Options.Timeout;
            return (null, new AgentError(typeof(TimeoutException).FullName!, $"Agent '{name}' did not finish within {limit}.", false, name), AgentTaskStatus.TimedOut);
        }

        var exception = run.Exception!.GetBaseException();
        var retryable = ErrorClassifier.IsRetryable(exception, entry.Options);
        Log.AttemptFailed(_logger, exception, TaskId, name, attempt, retryable);
        return (null, ErrorClassifier.ToError(exception, retryable, name), null);
    }

    private async Task ForceAfterGraceAsync(TaskCompletionSource forced)
    {
        await Task.Delay(_options.CancellationGracePeriod, _time).ConfigureAwait(true);
        forced.TrySetResult();
    }

    private async Task FanOutAsync(int step, IReadOnlyList<JsonElement> items)
    {
        var task = Current!;
        var rest = task.Route.Skip(step + 1).ToArray();
        if (rest.Length == 0)
        {
            await FinishAsync(AgentTaskStatus.Succeeded, JsonSerializer.SerializeToElement(items), null).ConfigureAwait(true);
            return;
        }

        var children = items.Select((_, i) => $"{TaskId}-{i}").ToArray();

        // Create the children before publishing their ids, so that every id a caller sees exists. A crash in
        // between runs this step again, and its identical submits find the children already there.
        for (var i = 0; i < items.Count; i++)
        {
            var request = new AgentTaskRequest { Route = rest, Input = items[i], UserId = task.UserId, RunId = task.RunId, ParentTaskId = TaskId };
            await CallChildAsync(children[i], c => c.SubmitAsync(request)).ConfigureAwait(true);
        }

        await UpdateAsync(new AgentTaskChange.FanOut(step + 1, children)).ConfigureAwait(true);
        await AwaitChildrenAsync(children).ConfigureAwait(true);
    }

    private async Task AwaitChildrenAsync(IReadOnlyList<string> children)
    {
        var caller = new AgentCaller(Current!.UserId);
        if (_cancel.IsCancellationRequested)
        {
            // Cancelled before the children's ids were published, so CancelAsync could not reach them.
            foreach (var child in children)
            {
                await CallChildAsync(child, c => c.CancelAsync(caller)).ConfigureAwait(true);
            }
        }

        var results = await Task.WhenAll(children.Select(id => CallChildAsync(id, c => c.WaitForTerminalAsync(caller, Timeout.InfiniteTimeSpan)))).ConfigureAwait(true);
        if (results.FirstOrDefault(r => r.Status != AgentTaskStatus.Succeeded) is { } failed)
        {
            var status = _cancel.IsCancellationRequested ? AgentTaskStatus.Cancelled : AgentTaskStatus.Failed;
            var error = failed.Error ?? new AgentError("ChildTaskFailed", $"Child task {failed.TaskId} ended {failed.Status}.", false, null);
            await FinishAsync(status, null, error with { Message = $"Child task {failed.TaskId} ended {failed.Status}: {error.Message}" }).ConfigureAwait(true);
            return;
        }

        await FinishAsync(AgentTaskStatus.Succeeded, JsonSerializer.SerializeToElement(results.Select(r => r.Output)), null).ConfigureAwait(true);
    }

    /// <summary>Child tasks (fan-out, called agents) run within their parent's slot: waiting for one would deadlock.</summary>
    private bool UsesUserSlot(AgentTaskSnapshot task) => UsesUserSlot(task.ParentTaskId);

    private bool UsesUserSlot(string? parentTaskId) => _options.MaxConcurrentTasksPerUser > 0 && parentTaskId is null;

    private TimeSpan Backoff(AgentOptions options, int attempt)
    {
        var exponential = options.InitialBackoff.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var jittered = exponential * (0.8 + (0.4 * Random.Shared.NextDouble()));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, options.MaxBackoff.TotalMilliseconds));
    }
}
