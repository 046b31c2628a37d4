namespace OrleansAgents.TestingHost;

/// <summary>One runnable item of a simulation: what runs, on which context, and how the trace names it.</summary>
internal readonly record struct SimulationStep(
    string Kind,
    string Who,
    object? Label,
    Action<object?> Run,
    object? State,
    SynchronizationContext? Context);
