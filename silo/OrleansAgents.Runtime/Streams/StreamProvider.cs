using OrleansAgents.Streams;

namespace OrleansAgents.Runtime;

/// <summary>A stream provider as one consumer (a grain, a client, a silo's agents) sees it.</summary>
internal sealed class StreamProvider(StreamProviderRuntime runtime, StreamConsumerBinding consumer) : IStreamProvider
{
    public string Name => runtime.Name;

    public bool IsRewindable => runtime.IsRewindable;

    public IAsyncStream<T> GetStream<T>(StreamId streamId)
    {
        if (streamId.Namespace is null)
        {
            throw new ArgumentException("The stream id is empty; create it with StreamId.Create(namespace, key).", nameof(streamId));
        }

        return new AsyncStream<T>(runtime, consumer, streamId);
    }

    public Task<StreamSubscriptionHandle<T>> SubscribeToPatternAsync<T>(string @namespace, string pattern, IAsyncObserver<T> observer)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentNullException.ThrowIfNull(observer);
        Streams.Topics.TopicPattern.ValidatePattern(pattern);
        return consumer.SubscribeToPatternAsync(runtime, @namespace, pattern, observer);
    }

    public Task<IList<StreamSubscriptionHandle<T>>> GetPatternSubscriptionHandlesAsync<T>(string @namespace)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        return consumer.GetPatternHandlesAsync<T>(runtime, @namespace);
    }
}
