namespace OrleansAgents.Streams;

/// <summary>An <see cref="IAsyncObserver{T}"/> made of delegates.</summary>
/// <typeparam name="T">The event type.</typeparam>
public sealed class StreamObserver<T> : IAsyncObserver<T>
{
    private readonly Func<T, StreamSequenceToken?, Task> _onNext;
    private readonly Func<Task>? _onCompleted;
    private readonly Func<Exception, Task>? _onError;

    /// <summary>Creates an observer; <paramref name="onCompleted"/> and <paramref name="onError"/> are optional.</summary>
    public StreamObserver(Func<T, StreamSequenceToken?, Task> onNext, Func<Task>? onCompleted = null, Func<Exception, Task>? onError = null)
    {
        ArgumentNullException.ThrowIfNull(onNext);
        _onNext = onNext;
        _onCompleted = onCompleted;
        _onError = onError;
    }

    /// <inheritdoc />
    public Task OnNextAsync(T item, StreamSequenceToken? token = null) => _onNext(item, token);

    /// <inheritdoc />
    public Task OnCompletedAsync() => _onCompleted?.Invoke() ?? Task.CompletedTask;

    /// <inheritdoc />
    public Task OnErrorAsync(Exception exception) => _onError?.Invoke(exception) ?? Task.CompletedTask;
}
