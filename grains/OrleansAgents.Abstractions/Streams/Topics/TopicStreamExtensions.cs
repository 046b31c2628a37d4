using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Orleans.Streams;

namespace OrleansAgents.Streams.Topics;

/// <summary>
/// Topics on an Orleans stream provider: a topic is the stream <c>(topics, name)</c> of <see cref="TopicMessage"/>s;
/// subscriptions take a topic name or a pattern (<see cref="TopicPattern"/>).
/// </summary>
/// <remarks>
/// <para>A subscription to a topic name is an Orleans subscription to the topic's stream. A subscription to a pattern
/// is an Orleans subscription to the stream <c>(topic-patterns, pattern)</c> plus a registration of the pattern in the
/// provider's <see cref="ITopicPatternRegistryGrain"/>; each topic's <see cref="ITopicRouterGrain"/> (implicitly
/// subscribed to the topic) forwards the topic's messages, in order, to the streams of the matching patterns.</para>
/// <para>Guarantees: a message published after the subscribe call returned reaches the subscriber, and the messages
/// of one topic arrive in the order they were published (messages of different topics may interleave in any order).
/// Messages published before the call returned may or may not arrive. A message that matches several of one
/// observer's subscriptions arrives once per subscription.</para>
/// <para>Pattern subscriptions need a provider bound to its grain factory: the silo's <c>Default</c> provider after
/// <c>AddAgentRuntime()</c>, the client's after <c>AddAgentClient()</c>. A subscription to a topic name works on any
/// provider.</para>
/// </remarks>
public static class TopicStreamExtensions
{
    /// <summary>Gets the stream of one topic.</summary>
    /// <exception cref="ArgumentException">The topic name is not valid.</exception>
    public static IAsyncStream<TopicMessage> GetTopic(this IStreamProvider provider, string topic)
    {
        ArgumentNullException.ThrowIfNull(provider);
        TopicPattern.ValidateTopic(topic);
        return provider.GetStream<TopicMessage>(StreamId.Create(TopicPattern.Namespace, topic));
    }

    /// <summary>Publishes <paramref name="payload"/> (serialized to JSON) on <paramref name="topic"/>.</summary>
    /// <exception cref="ArgumentException">The topic name is not valid.</exception>
    public static Task PublishAsync(this IStreamProvider provider, string topic, object? payload, JsonSerializerOptions? options = null) =>
        provider.GetTopic(topic).OnNextAsync(new TopicMessage(topic, JsonSerializer.SerializeToElement(payload, options)));

    /// <summary>
    /// Subscribes <paramref name="observer"/> to a topic name or a pattern. Every message published on a matching topic
    /// after this returns reaches the observer, in order per topic. <see cref="StreamSubscriptionHandle{T}.UnsubscribeAsync"/>
    /// on the returned handle also unregisters a pattern.
    /// </summary>
    /// <exception cref="ArgumentException">The name or pattern is not valid.</exception>
    public static async Task<StreamSubscriptionHandle<TopicMessage>> SubscribeToTopicAsync(this IStreamProvider provider, string topicOrPattern, IAsyncObserver<TopicMessage> observer)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(observer);
        TopicPattern.ValidatePattern(topicOrPattern);
        if (!TopicPattern.HasWildcards(topicOrPattern))
        {
            return await provider.GetTopic(topicOrPattern).SubscribeAsync(observer).ConfigureAwait(false);
        }

        // Subscribe first, register second: once the registry has the pattern, a router forwarding a message finds
        // both the pattern and, behind the pattern's stream, this subscription.
        var registry = TopicGrainFactories.Registry(provider);
        var handle = await PatternStream(provider, topicOrPattern).SubscribeAsync(observer).ConfigureAwait(false);
        try
        {
            await registry.AddAsync(topicOrPattern).ConfigureAwait(false);
        }
        catch
        {
            await handle.UnsubscribeAsync().ConfigureAwait(false);
            throw;
        }

        return new TopicPatternSubscriptionHandle(handle, registry, topicOrPattern);
    }

    /// <summary>
    /// Subscribes <paramref name="observer"/> to several topic names and patterns (duplicates once), with the
    /// guarantees of <see cref="SubscribeToTopicAsync"/>; returns one handle per distinct name or pattern. If one
    /// subscription fails, those already made are undone.
    /// </summary>
    /// <exception cref="ArgumentException">A name or pattern is not valid (checked before anything is subscribed).</exception>
    public static async Task<IReadOnlyList<StreamSubscriptionHandle<TopicMessage>>> SubscribeToTopicsAsync(
        this IStreamProvider provider,
        IEnumerable<string> topicsOrPatterns,
        IAsyncObserver<TopicMessage> observer)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(topicsOrPatterns);
        ArgumentNullException.ThrowIfNull(observer);
        var distinct = topicsOrPatterns.Distinct(StringComparer.Ordinal).ToArray();
        foreach (var topic in distinct)
        {
            TopicPattern.ValidatePattern(topic);
        }

        var handles = new List<StreamSubscriptionHandle<TopicMessage>>(distinct.Length);
        try
        {
            foreach (var topic in distinct)
            {
                handles.Add(await provider.SubscribeToTopicAsync(topic, observer).ConfigureAwait(false));
            }
        }
        catch
        {
            await UnsubscribeAllAsync(handles).ConfigureAwait(false);
            throw;
        }

        return handles;
    }

    /// <summary>
    /// The subscriptions the calling grain (or client) holds on a topic name or pattern, for a new activation to
    /// resume with <see cref="StreamSubscriptionHandle{T}.ResumeAsync(IAsyncObserver{T}, StreamSequenceToken?)"/>.
    /// </summary>
    public static async Task<IReadOnlyList<StreamSubscriptionHandle<TopicMessage>>> GetTopicSubscriptionHandlesAsync(this IStreamProvider provider, string topicOrPattern)
    {
        ArgumentNullException.ThrowIfNull(provider);
        TopicPattern.ValidatePattern(topicOrPattern);
        if (!TopicPattern.HasWildcards(topicOrPattern))
        {
            return [.. await provider.GetTopic(topicOrPattern).GetAllSubscriptionHandles().ConfigureAwait(false)];
        }

        var registry = TopicGrainFactories.Registry(provider);
        var handles = await PatternStream(provider, topicOrPattern).GetAllSubscriptionHandles().ConfigureAwait(false);
        return [.. handles.Select(h => new TopicPatternSubscriptionHandle(h, registry, topicOrPattern))];
    }

    /// <summary>
    /// Reads the messages of several topics and patterns as they are published, until <paramref name="cancellationToken"/>
    /// fires; then the enumeration ends (without an exception) and the subscriptions are removed. The subscriptions are
    /// made when enumeration starts (at the first <c>MoveNextAsync</c>). Nothing is yielded after cancellation, even
    /// messages already buffered. A full buffer holds the delivering stream up until the reader catches up.
    /// </summary>
    public static async IAsyncEnumerable<TopicMessage> ReadTopicsAsync(
        this IStreamProvider provider,
        IEnumerable<string> topicsOrPatterns,
        int bufferCapacity = 1024,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferCapacity, 1);
        var channel = Channel.CreateBounded<TopicMessage>(new BoundedChannelOptions(bufferCapacity) { SingleReader = true });
        var observer = new ChannelObserver(channel.Writer, cancellationToken);
        var handles = await provider.SubscribeToTopicsAsync(topicsOrPatterns, observer).ConfigureAwait(false);
        try
        {
            while (await WaitToReadAsync(channel.Reader, cancellationToken).ConfigureAwait(false))
            {
                while (!cancellationToken.IsCancellationRequested && channel.Reader.TryRead(out var message))
                {
                    yield return message;
                }
            }
        }
        finally
        {
            channel.Writer.TryComplete();
            await UnsubscribeAllAsync(handles).ConfigureAwait(false);
        }
    }

    private static IAsyncStream<TopicMessage> PatternStream(IStreamProvider provider, string pattern) =>
        provider.GetStream<TopicMessage>(StreamId.Create(TopicPattern.PatternNamespace, pattern));

    private static async Task<bool> WaitToReadAsync(ChannelReader<TopicMessage> reader, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        try
        {
            return await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task UnsubscribeAllAsync(IEnumerable<StreamSubscriptionHandle<TopicMessage>> handles)
    {
        foreach (var handle in handles)
        {
            try
            {
                await handle.UnsubscribeAsync().ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Best effort: a subscription that could not be removed only costs deliveries nobody reads.
            }
        }
    }

    /// <summary>Writes what arrives into the reader's buffer; drops it once the reader has stopped.</summary>
    private sealed class ChannelObserver(ChannelWriter<TopicMessage> writer, CancellationToken cancellationToken) : IAsyncObserver<TopicMessage>
    {
        public async Task OnNextAsync(TopicMessage item, StreamSequenceToken? token = null)
        {
            try
            {
                await writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ChannelClosedException)
            {
                // The reader is gone: nothing to deliver to.
            }
        }

        public Task OnCompletedAsync() => Task.CompletedTask;

        public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
    }
}
