namespace OrleansAgents.Runtime;

internal sealed partial class ActivationData
{
    /// <summary>The simulation the silo runs in, or <c>null</c>.</summary>
    public ISimulationHooks? Simulation => _catalog.Simulation;

    /// <summary>Whether the activation serves requests: valid, and not asked to deactivate (a simulation's single-activation check).</summary>
    public bool IsServing
    {
        get
        {
            lock (_lock)
            {
                return State == ActivationState.Valid && !_deactivationRequested;
            }
        }
    }

    /// <summary>Hands this activation to whatever runs its turns: the thread pool, or a simulation's scheduler.</summary>
    private void Dispatch()
    {
        if (_catalog.Simulation is { } simulation)
        {
            simulation.Schedule(this);
        }
        else
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <summary>
    /// How many items one <see cref="Execute"/> runs: a batch on the thread pool, one in a simulation so that every
    /// item is a step the simulation can interleave with others.
    /// </summary>
    private int BatchLimit => _catalog.Simulation is null ? BatchSize : 1;

    /// <summary>
    /// Completes <see cref="Deactivated"/>. In a simulation the waiters are resumed inline from a clean step (no
    /// synchronization context), so that no continuation escapes to the thread pool.
    /// </summary>
    private void CompleteDeactivated()
    {
        if (_deactivated is not { } deactivated)
        {
            return;
        }

        if (_catalog.Simulation is { } simulation)
        {
            simulation.Post(static s => ((TaskCompletionSource)s!).TrySetResult(), deactivated, "deactivated");
        }
        else
        {
            deactivated.TrySetResult();
        }
    }

    private TaskCreationOptions DeactivatedOptions =>
        _catalog.Simulation is null ? TaskCreationOptions.RunContinuationsAsynchronously : TaskCreationOptions.None;
}
