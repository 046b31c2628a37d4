namespace OrleansAgents.Runtime;

/// <summary>
/// Completions and cancellations done as clean steps of a simulation (no synchronization context, on its thread).
/// A <c>ConfigureAwait(false)</c> continuation resumed from inside a grain's turn or a test's context is not inlined
/// but queued to the thread pool; resumed from a clean step it runs inline, on the simulation's thread.
/// </summary>
internal static class SimulationSteps
{
    /// <summary>Completes <paramref name="signal"/> in a step of its own.</summary>
    public static void Complete(ISimulationHooks simulation, TaskCompletionSource signal) =>
        simulation.Post(static s => ((TaskCompletionSource)s!).TrySetResult(), signal, "signal");

    /// <summary>Cancels <paramref name="source"/> in a step of its own; the task completes after its callbacks ran.</summary>
    public static Task CancelAsync(ISimulationHooks simulation, CancellationTokenSource source)
    {
        var cancelled = new TaskCompletionSource();
        simulation.Post(
            static s =>
            {
                var (source, cancelled) = ((CancellationTokenSource, TaskCompletionSource))s!;
                source.Cancel();
                cancelled.TrySetResult();
            },
            (source, cancelled),
            "cancel");
        return cancelled.Task;
    }
}
