namespace OrleansAgents.Runtime;

internal sealed partial class ActivationData
{
    private const ConfigureAwaitOptions OnThisActivation =
        ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing;

    private void StartRequest(Message message)
    {
        if (message.CancellationToken.IsCancellationRequested)
        {
            FinishRequest(message, null, new OperationCanceledException(message.CancellationToken));
            return;
        }

        Task task;
        try
        {
            task = message.Method.Shape.ToTask(message.Method.Invoke(Grain!, message.Arguments));
        }
        catch (Exception exception)
        {
            FinishRequest(message, null, exception);
            return;
        }

        if (task.IsCompleted)
        {
            CompleteRequest(message, task);
        }
        else
        {
            _ = AwaitRequestAsync(message, task);
        }
    }

    private async Task AwaitRequestAsync(Message message, Task task)
    {
        await task.ConfigureAwait(OnThisActivation);
        CompleteRequest(message, task);
    }

    private void CompleteRequest(Message message, Task task)
    {
        object? result = null;
        Exception? error = null;
        try
        {
            result = message.Method.Shape.GetResult(task);
        }
        catch (Exception exception)
        {
            error = exception;
        }

        FinishRequest(message, result, error);
    }

    private void FinishRequest(Message message, object? result, Exception? error)
    {
        lock (_lock)
        {
            _running--;
            if (!message.IsInterleavable(_class.IsReentrant))
            {
                _exclusive--;
            }

            _lastActive = _catalog.Time.GetTimestamp();
        }

        if (error is OperationCanceledException)
        {
            Telemetry.CallsCancelled.Add(1);
        }
        else if (error is not null)
        {
            Telemetry.CallsFailed.Add(1);
        }

        _catalog.Messenger.SendResponse(message, result, error);
    }

    private void StartTimerTick(GrainTimer timer)
    {
        Task task;
        try
        {
            task = timer.InvokeAsync();
        }
        catch (Exception exception)
        {
            task = Task.FromException(exception);
        }

        if (task.IsCompleted)
        {
            FinishTimerTick(timer, task);
        }
        else
        {
            _ = AwaitTimerTickAsync(timer, task);
        }
    }

    private async Task AwaitTimerTickAsync(GrainTimer timer, Task task)
    {
        await task.ConfigureAwait(OnThisActivation);
        FinishTimerTick(timer, task);
    }

    private void FinishTimerTick(GrainTimer timer, Task task)
    {
        if (task.IsFaulted)
        {
            Log.TimerFailed(_catalog.Logger, task.Exception!.GetBaseException(), GrainId);
        }

        lock (_lock)
        {
            _running--;
            if (!timer.Interleave)
            {
                _exclusive--;
            }

            if (timer.KeepAlive)
            {
                _lastActive = _catalog.Time.GetTimestamp();
            }
        }

        timer.OnTickCompleted();
    }
}
