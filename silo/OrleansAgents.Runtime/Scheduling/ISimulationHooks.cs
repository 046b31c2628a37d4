namespace OrleansAgents.Runtime;

/// <summary>
/// The seam through which a deterministic simulation (TestingHost's simulation mode) takes over what the runtime
/// would otherwise hand to the thread pool, the system clock or <see cref="System.Random.Shared"/>. One instance per
/// silo (and one for a client). When none is registered, the runtime uses the thread pool directly: every use is a
/// single null check on a field, so the normal hot path pays nothing else.
/// </summary>
internal interface ISimulationHooks
{
    /// <summary>The name the simulation knows this silo (or client) by, for its trace.</summary>
    string Name { get; }

    /// <summary>Random numbers for the runtime and grains (retry jitter); seeded in a simulation.</summary>
    Random Random { get; }

    /// <summary>Whether receivers must drop requests they already received (the simulated network duplicates frames).</summary>
    bool DeduplicateRequests { get; }

    /// <summary>Queues an activation's work item (instead of <see cref="ThreadPool.UnsafeQueueUserWorkItem(IThreadPoolWorkItem, bool)"/>).</summary>
    void Schedule(IThreadPoolWorkItem item);

    /// <summary>Queues a callback to run on its own, with no synchronization context (a clean step).</summary>
    void Post(Action<object?> callback, object? state, string kind);

    /// <summary>Runs work outside any grain turn (instead of <see cref="Task.Run(Func{Task})"/>).</summary>
    Task<T> RunOffTurn<T>(Func<Task<T>> work);

    /// <summary>A generation for a starting silo: larger than any before it in this simulation.</summary>
    long NextGeneration();
}
