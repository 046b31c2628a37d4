namespace OrleansAgents.Streams;

/// <summary>
/// A stream of events of type <typeparamref name="T"/>: produce into it and subscribe to it. Get one from
/// <see cref="IStreamProvider.GetStream{T}(StreamId)"/>; the object is cheap and holds only the id.
/// </summary>
/// <typeparam name="T">The event type. Events should be immutable: in-process subscribers may share the instance.</typeparam>
public interface IAsyncStream<T>
{
    /// <summary>The stream id.</summary>
    StreamId StreamId { get; }

    /// <summary>The name of the provider the stream belongs to.</summary>
    string ProviderName { get; }

    /// <summary>
    /// Publishes one event. The returned task completes once the event is sequenced and queued for every current
    /// subscriber; it waits while a subscriber's buffer is full (back-pressure) or fails with
    /// <see cref="StreamBufferFullException"/>, as the provider is configured.
    /// </summary>
    Task OnNextAsync(T item, StreamSequenceToken? token = null);

    /// <summary>Publishes several events, in order, as one operation.</summary>
    Task OnNextBatchAsync(IEnumerable<T> batch, StreamSequenceToken? token = null);

    /// <summary>Tells every subscriber that the stream is complete (<see cref="IAsyncObserver{T}.OnCompletedAsync"/>).</summary>
    Task OnCompletedAsync();

    /// <summary>Tells every subscriber about an error (<see cref="IAsyncObserver{T}.OnErrorAsync"/>); only the message travels.</summary>
    Task OnErrorAsync(Exception exception);

    /// <summary>
    /// Subscribes <paramref name="observer"/>. Events published after the returned task completes reach it, in order.
    /// With <paramref name="token"/>, delivery starts at that position (rewind), which the provider must support
    /// (<see cref="IStreamProvider.IsRewindable"/>).
    /// </summary>
    /// <exception cref="StreamRewindException">The provider cannot deliver from <paramref name="token"/>.</exception>
    Task<StreamSubscriptionHandle<T>> SubscribeAsync(IAsyncObserver<T> observer, StreamSequenceToken? token = null);

    /// <summary>
    /// The subscriptions the caller (this grain) holds on the stream, including its implicit one. A grain calls this
    /// in <c>OnActivateAsync</c> and resumes each handle with its observer.
    /// </summary>
    Task<IList<StreamSubscriptionHandle<T>>> GetAllSubscriptionHandles();
}
