namespace OrleansAgents.Grains.Tests.TestAgents;

/// <summary>Lets a test hold a <see cref="GateAgent"/> attempt where it is and see when it starts and ends.</summary>
public sealed class AgentGate
{
    // Entered and Finished are awaited by tests (WaitAsync with a deadline). Completed inline, the deadline wrapper stays on
    // the completing thread, which is the simulation's in simulation mode (RunContinuationsAsynchronously would move it
    // to the thread pool: a determinism leak).
    private readonly TaskCompletionSource _entered = new();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _finished = new();

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
