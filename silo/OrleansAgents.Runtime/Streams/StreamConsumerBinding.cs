using OrleansAgents.Streams;

namespace OrleansAgents.Runtime;

/// <summary>One subscription as its handle knows it.</summary>
internal sealed record SubscriptionInfo(Guid Id, StreamId Stream, string? Pattern, bool Implicit = false);

/// <summary>
/// Who consumes: a grain (its subscriptions are persisted and outlive its activation) or an in-process subscriber of a
/// client or silo (its subscriptions go through an inbox grain and end with the process).
/// </summary>
internal abstract class StreamConsumerBinding
{
    public abstract Task<StreamSubscriptionHandle<T>> SubscribeAsync<T>(StreamProviderRuntime runtime, StreamId stream, IAsyncObserver<T> observer, StreamSequenceToken? token);

    public abstract Task<StreamSubscriptionHandle<T>> SubscribeToPatternAsync<T>(StreamProviderRuntime runtime, string @namespace, string pattern, IAsyncObserver<T> observer);

    public abstract Task<IList<StreamSubscriptionHandle<T>>> GetHandlesAsync<T>(StreamProviderRuntime runtime, StreamId stream);

    public abstract Task<IList<StreamSubscriptionHandle<T>>> GetPatternHandlesAsync<T>(StreamProviderRuntime runtime, string @namespace);

    public abstract Task UnsubscribeAsync(StreamProviderRuntime runtime, SubscriptionInfo subscription);

    public abstract Task ResumeAsync<T>(StreamProviderRuntime runtime, SubscriptionInfo subscription, IAsyncObserver<T> observer, StreamSequenceToken? token);

    /// <remarks>
    /// Resumes off the caller's context: the callers await it (grains on their turn), and in a simulation a call's
    /// response arrives in a clean step, where a <c>ConfigureAwait(false)</c> caller (a client) continues inline.
    /// </remarks>
    protected static async Task SubscribeRemoteAsync(StreamProviderRuntime runtime, SubscriptionInfo subscription, string consumer, StreamSequenceToken? token)
    {
        if (subscription.Pattern is { } pattern)
        {
            if (token is not null)
            {
                throw new StreamRewindException($"Pattern subscription {subscription.Id:N} ({subscription.Stream.Namespace}/{pattern}) cannot start from a sequence token: tokens belong to one stream.");
            }

            await runtime.PatternRegistry(subscription.Stream.Namespace).SubscribeAsync(new StreamSubscriptionRecord(subscription.Id, consumer, pattern)).ConfigureAwait(false);
            return;
        }

        await runtime.StreamGrain(subscription.Stream).SubscribeAsync(new StreamSubscriptionRecord(subscription.Id, consumer), token?.SequenceNumber).ConfigureAwait(false);
    }

    protected static Task UnsubscribeRemoteAsync(StreamProviderRuntime runtime, SubscriptionInfo subscription) => subscription.Pattern is null
        ? runtime.StreamGrain(subscription.Stream).UnsubscribeAsync(subscription.Id)
        : runtime.PatternRegistry(subscription.Stream.Namespace).UnsubscribeAsync(subscription.Id);

    protected static SubscriptionInfo PatternInfo(Guid id, string @namespace, string pattern) => new(id, new StreamId(@namespace, pattern), pattern);

    protected static void ValidatePattern(string pattern) => Streams.Topics.TopicPattern.ValidatePattern(pattern);
}
