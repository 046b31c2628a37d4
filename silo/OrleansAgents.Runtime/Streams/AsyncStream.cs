using OrleansAgents.Streams;

namespace OrleansAgents.Runtime;

/// <summary>A stream as a producer and a consumer see it; publishing is one call to the stream's rendezvous grain.</summary>
internal sealed class AsyncStream<T>(StreamProviderRuntime runtime, StreamConsumerBinding consumer, StreamId streamId) : IAsyncStream<T>
{
    public StreamId StreamId { get; } = streamId;

    public string ProviderName => runtime.Name;

    public Task OnNextAsync(T item, StreamSequenceToken? token = null) =>
        runtime.StreamGrain(StreamId).EnqueueAsync(new StreamBatch { Items = [item], ProducerSequence = token?.SequenceNumber });

    public Task OnNextBatchAsync(IEnumerable<T> batch, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var items = batch.Select(static item => (object?)item).ToArray();
        return items.Length == 0
            ? Task.CompletedTask
            : runtime.StreamGrain(StreamId).EnqueueAsync(new StreamBatch { Items = items, ProducerSequence = token?.SequenceNumber });
    }

    public Task OnCompletedAsync() => runtime.StreamGrain(StreamId).EnqueueAsync(new StreamBatch { Kind = StreamDeliveryKind.Completed });

    public Task OnErrorAsync(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return runtime.StreamGrain(StreamId).EnqueueAsync(new StreamBatch { Kind = StreamDeliveryKind.Error, Error = exception.Message });
    }

    public Task<StreamSubscriptionHandle<T>> SubscribeAsync(IAsyncObserver<T> observer, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (token is not null && !runtime.IsRewindable)
        {
            throw new StreamRewindException($"Stream provider '{runtime.Name}' is not rewindable ({nameof(Hosting.MemoryStreamOptions.ReplayWindowSize)} is 0); subscribe without a token.");
        }

        return consumer.SubscribeAsync(runtime, StreamId, observer, token);
    }

    public Task<IList<StreamSubscriptionHandle<T>>> GetAllSubscriptionHandles() => consumer.GetHandlesAsync<T>(runtime, StreamId);

    public override string ToString() => $"{runtime.Name}:{StreamId}";
}
