using OrleansAgents.Streams;

namespace OrleansAgents.Runtime;

/// <summary>The handle of one subscription, bound to the consumer that holds it.</summary>
internal sealed class SubscriptionHandle<T>(StreamProviderRuntime runtime, StreamConsumerBinding consumer, SubscriptionInfo subscription)
    : StreamSubscriptionHandle<T>
{
    public override Guid SubscriptionId => subscription.Id;

    public override StreamId StreamId => subscription.Stream;

    public override string? Pattern => subscription.Pattern;

    public override string ProviderName => runtime.Name;

    public override Task UnsubscribeAsync() => consumer.UnsubscribeAsync(runtime, subscription);

    public override async Task<StreamSubscriptionHandle<T>> ResumeAsync(IAsyncObserver<T> observer, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(observer);
        await consumer.ResumeAsync(runtime, subscription, observer, token).ConfigureAwait(true);
        return this;
    }
}
