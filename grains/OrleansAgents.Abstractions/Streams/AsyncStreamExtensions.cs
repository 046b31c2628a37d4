namespace OrleansAgents.Streams;

/// <summary>Convenience overloads for streams and handles.</summary>
public static class AsyncStreamExtensions
{
    /// <summary>Subscribes with a delegate for each event.</summary>
    public static Task<StreamSubscriptionHandle<T>> SubscribeAsync<T>(this IAsyncStream<T> stream, Func<T, StreamSequenceToken?, Task> onNext, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return stream.SubscribeAsync(new StreamObserver<T>(onNext), token);
    }

    /// <summary>Resumes a handle with a delegate for each event.</summary>
    public static Task<StreamSubscriptionHandle<T>> ResumeAsync<T>(this StreamSubscriptionHandle<T> handle, Func<T, StreamSequenceToken?, Task> onNext, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return handle.ResumeAsync(new StreamObserver<T>(onNext), token);
    }
}
