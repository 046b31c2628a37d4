namespace OrleansAgents.Runtime;

/// <summary>A task completion source for one call, typed by the method's result.</summary>
internal sealed class ResponseSink<T>(Type? resultType)
    : TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously), IResponseSink
{
    public Type? ResultType { get; } = resultType;

    void IResponseSink.SetResult(object? result) => TrySetResult(result is null ? default! : (T)result);

    void IResponseSink.SetException(Exception exception) => TrySetException(exception);

    void IResponseSink.SetCanceled(CancellationToken cancellationToken) => TrySetCanceled(cancellationToken);
}
