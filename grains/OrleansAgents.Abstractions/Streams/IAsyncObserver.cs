namespace OrleansAgents.Streams;

/// <summary>
/// Receives the events of a stream. In a grain every callback runs as a turn of the grain (one at a time, in stream
/// order); in a client the callbacks of one subscription run one at a time, in stream order.
/// </summary>
/// <typeparam name="T">The event type.</typeparam>
public interface IAsyncObserver<in T>
{
    /// <summary>Handles the next event. An exception is logged by the runtime and does not stop the subscription.</summary>
    Task OnNextAsync(T item, StreamSequenceToken? token = null);

    /// <summary>The producer completed the stream.</summary>
    Task OnCompletedAsync();

    /// <summary>The producer reported an error on the stream.</summary>
    Task OnErrorAsync(Exception exception);
}
