namespace OrleansAgents.Runtime;

/// <summary>
/// A caller's completion in a simulation: completed from a clean step of its own (no synchronization context), and
/// without <see cref="TaskCreationOptions.RunContinuationsAsynchronously"/>, so that a continuation awaiting it with
/// <c>ConfigureAwait(false)</c> runs inline on the simulation's thread instead of escaping to the thread pool, and a
/// continuation with a captured context is posted to that context.
/// </summary>
internal sealed class SimulatedResponseSink<T>(Type? resultType, ISimulationHooks simulation)
    : TaskCompletionSource<T>(TaskCreationOptions.None), IResponseSink
{
    public Type? ResultType { get; } = resultType;

    void IResponseSink.SetResult(object? result) =>
        simulation.Post(static s => { var (sink, value) = ((SimulatedResponseSink<T>, object?))s!; sink.TrySetResult(value is null ? default! : (T)value); }, (this, result), "response");

    void IResponseSink.SetException(Exception exception) =>
        simulation.Post(static s => { var (sink, error) = ((SimulatedResponseSink<T>, Exception))s!; sink.TrySetException(error); }, (this, exception), "response");

    void IResponseSink.SetCanceled(CancellationToken cancellationToken) =>
        simulation.Post(static s => { var (sink, token) = ((SimulatedResponseSink<T>, CancellationToken))s!; sink.TrySetCanceled(token); }, (this, cancellationToken), "response");
}
