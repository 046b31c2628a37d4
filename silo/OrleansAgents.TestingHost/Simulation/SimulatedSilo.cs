using OrleansAgents.Runtime;

namespace OrleansAgents.TestingHost;

/// <summary>One silo's (or the client's) view of a simulation: the runtime's scheduling seam, on the simulation thread.</summary>
internal sealed class SimulatedSilo(SimulationScheduler scheduler, string name, VirtualClock clock) : ISimulationHooks
{
    public string Name { get; } = name;

    public VirtualClock Clock { get; } = clock;

    public Random Random => scheduler.Random;

    public bool DeduplicateRequests => true;

    public void Schedule(IThreadPoolWorkItem item) =>
        scheduler.Enqueue(new SimulationStep("turn", Name, item is ActivationData activation ? activation.GrainId : null, static s => ((IThreadPoolWorkItem)s!).Execute(), item, null));

    public void Post(Action<object?> callback, object? state, string kind) =>
        scheduler.Enqueue(new SimulationStep(kind, Name, null, callback, state, null));

    public Task<T> RunOffTurn<T>(Func<Task<T>> work) => scheduler.RunOffTurn(work, Name);

    public long NextGeneration() => scheduler.NextGeneration();
}
