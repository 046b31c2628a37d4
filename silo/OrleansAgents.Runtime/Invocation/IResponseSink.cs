namespace OrleansAgents.Runtime;

/// <summary>Completes the caller's side of one grain call.</summary>
internal interface IResponseSink
{
    /// <summary>The type the result is deserialized into; <c>null</c> for calls without a result.</summary>
    Type? ResultType { get; }

    void SetResult(object? result);

    void SetException(Exception exception);

    void SetCanceled(CancellationToken cancellationToken);
}
