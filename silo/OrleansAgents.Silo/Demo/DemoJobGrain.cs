namespace OrleansAgents.SiloHost.Demo;

/// <summary>
/// Runs a demo job one step per timer tick: <c>Pending</c> for one step delay, then <c>Running</c> with progress
/// after each step, then <c>Succeeded</c> or <c>Failed</c>. Every transition is written to persistent state before
/// the next one, so a re-activated job resumes where its state says it was.
/// </summary>
[GrainType("demo-job")]
internal sealed class DemoJobGrain(
    [PersistentState("job")] IPersistentState<DemoJobState> job,
    TimeProvider time) : Grain, IDemoJobGrain
{
    private IGrainTimer? _timer;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (job.State.Status is JobStatus.Pending or JobStatus.Running)
        {
            StartTimer();
        }

        return Task.CompletedTask;
    }

    public async Task<DemoJobStatus> SubmitAsync(DemoJobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (job.RecordExists)
        {
            return Snapshot();
        }

        Validate(request);
        job.State = new DemoJobState
        {
            Name = request.Name,
            Status = JobStatus.Pending,
            StepsTotal = request.Steps,
            StepDelay = request.StepDelay,
            FailAtStep = request.FailAtStep,
            FailureMessage = request.FailureMessage,
            SubmittedAt = time.GetUtcNow(),
        };
        await PersistAsync().ConfigureAwait(true);
        StartTimer();
        return Snapshot();
    }

    public Task<DemoJobStatus> GetStatusAsync() => Task.FromResult(Snapshot());

    private static void Validate(DemoJobRequest request)
    {
        if (request.Steps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Steps, $"{nameof(DemoJobRequest.Steps)} must be at least 1.");
        }

        if (request.StepDelay <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.StepDelay, $"{nameof(DemoJobRequest.StepDelay)} must be positive.");
        }

        if (request.FailAtStep is { } failAt && (failAt < 1 || failAt > request.Steps))
        {
            throw new ArgumentOutOfRangeException(nameof(request), failAt, $"{nameof(DemoJobRequest.FailAtStep)} must be between 1 and {nameof(DemoJobRequest.Steps)} ({request.Steps}).");
        }
    }

    private void StartTimer() =>
        _timer ??= RegisterGrainTimer(OnTickAsync, new GrainTimerCreationOptions(job.State.StepDelay, job.State.StepDelay) { KeepAlive = true });

    private async Task OnTickAsync(CancellationToken cancellationToken)
    {
        var state = job.State;
        switch (state.Status)
        {
            case JobStatus.Pending:
                state.Status = JobStatus.Running;
                state.StartedAt = time.GetUtcNow();
                break;
            case JobStatus.Running:
                RunStep(state);
                break;
            default:
                StopTimer();
                return;
        }

        if (state.Status is JobStatus.Succeeded or JobStatus.Failed)
        {
            state.CompletedAt = time.GetUtcNow();
        }

        // Stop only after the write: disposing the timer cancels this tick's token, and a failed write
        // leaves the job where storage says it is, for the next tick to retry.
        await PersistAsync(cancellationToken).ConfigureAwait(true);
        if (state.Status is JobStatus.Succeeded or JobStatus.Failed)
        {
            StopTimer();
        }
    }

    private static void RunStep(DemoJobState state)
    {
        var step = state.StepsDone + 1;
        try
        {
            DoStepWork(state, step);
        }
        catch (Exception exception)
        {
            state.Status = JobStatus.Failed;
            state.Error = $"step {step} of {state.StepsTotal} failed: {exception.Message}";
            return;
        }

        state.StepsDone = step;
        if (state.StepsDone == state.StepsTotal)
        {
            state.Status = JobStatus.Succeeded;
        }
    }

    /// <summary>The work of one step. The demo's work is the passage of time; the failing job throws here.</summary>
    private static void DoStepWork(DemoJobState state, int step)
    {
        if (step == state.FailAtStep)
        {
            throw new InvalidOperationException(state.FailureMessage ?? "simulated failure");
        }
    }

    /// <summary>Writes the state; on failure re-reads it so memory never runs ahead of storage.</summary>
    private async Task PersistAsync(CancellationToken cancellationToken = default)
    {
        job.State.Version++;
        try
        {
            await job.WriteStateAsync(cancellationToken).ConfigureAwait(true);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            await job.ReadStateAsync(CancellationToken.None).ConfigureAwait(true);
            throw;
        }
    }

    private void StopTimer()
    {
        _timer?.Dispose();
        _timer = null;
    }

    private DemoJobStatus Snapshot()
    {
        var state = job.State;
        return new DemoJobStatus(
            this.GetPrimaryKeyString(),
            state.Name,
            state.Status,
            state.StepsDone,
            state.StepsTotal,
            state.ProgressPercent,
            state.Error,
            state.Version);
    }
}
