namespace OrleansAgents.TestingHost;

/// <summary>
/// The synchronization context of code that runs inside a simulation but in no grain: the test body and agent work
/// run off a grain's turns. Every continuation posted to it comes back as a step of the simulation, on its thread.
/// </summary>
internal sealed class SimulationContext(SimulationScheduler scheduler, string kind) : SynchronizationContext
{
    public SimulationScheduler Scheduler { get; } = scheduler;

    /// <inheritdoc />
    /// <remarks>
    /// A post to the test context from the thread that built a <c>UseSimulation</c> cluster is how that test method
    /// enters the simulation (its first await), not a leak.
    /// </remarks>
    public override void Post(SendOrPostCallback d, object? state) =>
        Scheduler.Enqueue(
            new SimulationStep(kind, "sim", null, static s => { var (callback, value) = ((SendOrPostCallback, object?))s!; callback(value); }, (d, state), this),
            external: ReferenceEquals(this, Scheduler.TestContext) && Environment.CurrentManagedThreadId == Scheduler.OwnerThreadId);

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
