namespace OrleansAgents.Agents.Lifecycle;

/// <summary>
/// The agent-task lifecycle as a pure function: state + change -> next state, events and effect. No I/O, no clock (the
/// time comes in), no randomness; the task grain persists what it returns and carries out the effect. The rules that
/// make a task end exactly once live here: a terminal task absorbs every change, attempts never exceed the step's
/// limit, every change that is made gets the next sequence number, and the last error is kept.
/// </summary>
internal static class AgentTaskLifecycle
{
    /// <summary>Applies <paramref name="change"/> at <paramref name="at"/>; <paramref name="maxAttempts"/> is the current step's attempt limit.</summary>
    public static AgentTaskTransition Apply(AgentTaskLifecycleState state, AgentTaskChange change, int maxAttempts, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        if (state.Task is not { } task)
        {
            return change is AgentTaskChange.Submit submit ? Changed(state, Create(submit, at), 0, AgentTaskEffect.None) : Unchanged(state);
        }

        if (task.Status.IsTerminal() || change is AgentTaskChange.Submit)
        {
            // An ended task never changes again; a submit of an existing task is answered by the grain (idempotency).
            return Unchanged(state);
        }

        switch (change)
        {
            case AgentTaskChange.StartAttempt start:
                var attempt = (start.Step == task.StepIndex ? state.StepAttempts : 0) + 1;
                if (attempt > maxAttempts)
                {
                    // The attempts are used up (the last one was cut short by a crash): fail with the last error seen.
                    var last = task.Error ?? new AgentError("SiloFailure", "The silo running the previous attempt stopped before it finished.", true, null);
                    return Finished(state, task, AgentTaskStatus.Failed, null, last with { Step = task.Route[start.Step] }, at);
                }

                return Changed(state, task with
                {
                    Status = AgentTaskStatus.Running,
                    StepIndex = start.Step,
                    Attempts = task.Attempts + 1,
                    StartedAt = task.StartedAt ?? at,
                    Progress = new AgentProgress(StepPercent(task, start.Step, 0), task.Progress.Message),
                }, attempt, AgentTaskEffect.RunAttempt, at);

            case AgentTaskChange.AttemptFailed failed:
                return failed.Error.Retryable && state.StepAttempts < maxAttempts
                    ? Changed(state, task with { Error = failed.Error }, state.StepAttempts, AgentTaskEffect.RetryAfterBackoff, at)
                    : Finished(state, task, AgentTaskStatus.Failed, null, failed.Error, at);

            case AgentTaskChange.Advance advance:
                return Changed(state, task with { StepIndex = advance.NextStep, Progress = new AgentProgress(StepPercent(task, advance.NextStep, 0), null) }, 0, AgentTaskEffect.None, at);

            case AgentTaskChange.FanOut fanOut:
                return Changed(state, task with { ChildTaskIds = fanOut.Children, StepIndex = fanOut.NextStep }, 0, AgentTaskEffect.None, at);

            case AgentTaskChange.Progress progress:
                return Changed(state, task with { Progress = new AgentProgress(StepPercent(task, progress.Step, progress.Percent), progress.Message) }, state.StepAttempts, AgentTaskEffect.None, at);

            case AgentTaskChange.Finish finish when finish.Status.IsTerminal():
                return Finished(state, task, finish.Status, finish.Output, finish.Error, at);

            default:
                throw new ArgumentException($"'{change}' is not a change a task can make.", nameof(change));
        }
    }

    /// <summary>Progress over the whole route: steps done over steps total, refined by the running step's own percent.</summary>
    public static double StepPercent(AgentTaskSnapshot task, int step, double withinStep) =>
        Math.Round(100.0 * (step + withinStep / 100.0) / task.Route.Count, 2);

    private static AgentTaskSnapshot Create(AgentTaskChange.Submit submit, DateTimeOffset at) => new()
    {
        TaskId = submit.TaskId,
        Status = AgentTaskStatus.Pending,
        Route = submit.Route,
        UserId = submit.UserId,
        RunId = submit.RunId,
        Input = submit.Input,
        Progress = new AgentProgress(0, null),
        CreatedAt = at,
        UpdatedAt = at,
        ParentTaskId = submit.ParentTaskId,
        Sequence = 1,
    };

    private static AgentTaskTransition Finished(AgentTaskLifecycleState state, AgentTaskSnapshot task, AgentTaskStatus status, System.Text.Json.JsonElement? output, AgentError? error, DateTimeOffset at) =>
        Changed(state, task with
        {
            Status = status,
            Output = output,
            Error = error ?? task.Error,
            CompletedAt = at,
            Progress = status == AgentTaskStatus.Succeeded ? new AgentProgress(100, task.Progress.Message) : task.Progress,
        }, state.StepAttempts, AgentTaskEffect.Ended, at);

    private static AgentTaskTransition Changed(AgentTaskLifecycleState state, AgentTaskSnapshot next, int stepAttempts, AgentTaskEffect effect, DateTimeOffset at)
    {
        var stamped = next with { UpdatedAt = at, Sequence = state.Task!.Sequence + 1 };
        return new AgentTaskTransition(new AgentTaskLifecycleState(stamped, stepAttempts), [AgentTaskEvent.Of(stamped)], effect);
    }

    private static AgentTaskTransition Changed(AgentTaskLifecycleState state, AgentTaskSnapshot created, int stepAttempts, AgentTaskEffect effect) =>
        new(new AgentTaskLifecycleState(created, stepAttempts), [AgentTaskEvent.Of(created)], effect);

    private static AgentTaskTransition Unchanged(AgentTaskLifecycleState state) => new(state, [], AgentTaskEffect.None);
}
