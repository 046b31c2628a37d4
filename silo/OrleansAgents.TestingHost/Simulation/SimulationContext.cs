namespace OrleansAgents.TestingHost;

/// <summary>
/// The synchronization context of code that runs inside a simulation but in no grain: the test body and agent work
/// run off a grain's turns. Every continuation posted to it comes back as a step of the simulation, on its thread.
/// </summary>
internal sealed class SimulationContext(SimulationScheduler scheduler, string kind) : SynchronizationContext
{
    public SimulationScheduler Scheduler { get; } = scheduler;

    /// <inheritdoc />
    public override void Post(SendOrPostCallback d, object? state) =>
        Scheduler.Enqueue(new SimulationStep(kind, "sim", null, static s => { var (callback, value) = ((SendOrPostCallback, object?))s!; callback(value); }, (d, state), this));

    /// <inheritdoc />
    public override void Send(SendOrPostCallback d, object? state)
    {
        if (!Scheduler.IsOnSimulationThread)
        {
            throw new NotSupportedException("Send into a simulation from another thread would block it; post instead.");
        }

        d(state);
    }

    /// <inheritdoc />
    public override SynchronizationContext CreateCopy() => this;
}
