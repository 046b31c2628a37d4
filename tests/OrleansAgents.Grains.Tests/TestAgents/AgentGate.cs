namespace OrleansAgents.Grains.Tests.TestAgents;

/// <summary>Lets a test hold a <see cref="GateAgent"/> attempt where it is and see when it starts and ends.</summary>
public sealed class AgentGate
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when an attempt started.</summary>
    public Task Entered => _entered.Task;

    /// <summary>Completes when an attempt returned its result.</summary>
    public Task Finished => _finished.Task;

    /// <summary>Lets the held attempt return.</summary>
    public void Release() => _released.TrySetResult();

    internal async Task PassAsync()
    {
        _entered.TrySetResult();
        await _released.Task;
    }

    internal void OnFinished() => _finished.TrySetResult();
}
