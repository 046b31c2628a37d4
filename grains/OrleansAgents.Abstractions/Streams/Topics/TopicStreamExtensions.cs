using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;

namespace OrleansAgents.Streams.Topics;

/// <summary>
/// Topics on any stream provider: a topic is the stream <c>(topics, name)</c> of <see cref="TopicMessage"/>s;
/// subscriptions take a topic name or a pattern (<see cref="TopicPattern"/>).
/// </summary>
public static class TopicStreamExtensions
{
    /// <summary>Gets the stream of one topic.</summary>
    /// <exception cref="ArgumentException">The topic name is not valid.</exception>
    public static IAsyncStream<TopicMessage> GetTopic(this IStreamProvider provider, string topic)
    {
        ArgumentNullException.ThrowIfNull(provider);
        TopicPattern.ValidateTopic(topic);
        return provider.GetStream<TopicMessage>(new StreamId(TopicPattern.Namespace, topic));
    }

    /// <summary>Publishes <paramref name="payload"/> (serialized to JSON) on <paramref name="topic"/>.</summary>
    public static Task PublishAsync(this IStreamProvider provider, string topic, object? payload, JsonSerializerOptions? options = null) =>
        provider.GetTopic(topic).OnNextAsync(new TopicMessage(topic, JsonSerializer.SerializeToElement(payload, options)));

    /// <summary>
    /// Subscribes to a topic, or with wildcards to every topic matching the pattern (including topics created later).
    /// </summary>
    public static Task<StreamSubscriptionHandle<TopicMessage>> SubscribeToTopicAsync(this IStreamProvider provider, string topicOrPattern, IAsyncObserver<TopicMessage> observer)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(observer);
        TopicPattern.ValidatePattern(topicOrPattern);
        return TopicPattern.HasWildcards(topicOrPattern)
            ? provider.SubscribeToPatternAsync(TopicPattern.Namespace, topicOrPattern, observer)
            : provider.GetTopic(topicOrPattern).SubscribeAsync(observer);
    }

    /// <summary>Subscribes one observer to several topics or patterns at once; returns one handle per entry.</summary>
    public static async Task<IReadOnlyList<StreamSubscriptionHandle<TopicMessage>>> SubscribeToTopicsAsync(this IStreamProvider provider, IEnumerable<string> topicsOrPatterns, IAsyncObserver<TopicMessage> observer)
    {
        ArgumentNullException.ThrowIfNull(topicsOrPatterns);
        var entries = topicsOrPatterns.Distinct(StringComparer.Ordinal).ToArray();
        foreach (var entry in entries)
        {
            TopicPattern.ValidatePattern(entry);
        }

        var handles = new List<StreamSubscriptionHandle<TopicMessage>>(entries.Length);
        try
        {
            foreach (var entry in entries)
            {
                handles.Add(await provider.SubscribeToTopicAsync(entry, observer).ConfigureAwait(false));
            }
        }
        catch
        {
            await Task.WhenAll(handles.Select(h => h.UnsubscribeAsync())).ConfigureAwait(false);
            throw;
        }

        return handles;
    }

    /// <summary>
    /// Reads the messages of several topics or patterns as they are published, until <paramref name="cancellationToken"/>
    /// fires or the enumeration is abandoned; then the subscriptions end. The subscriptions are made when enumeration
    /// starts (the first <c>MoveNextAsync</c>); use <see cref="SubscribeToTopicsAsync"/> when a caller must know that
    /// they are in place before publishing. At most <paramref name="bufferCapacity"/>
    /// messages wait unread; beyond that the publishers feel back-pressure. If the client (or silo) shuts down, the
    /// enumeration throws the error its subscriptions end with.
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
        var observer = new StreamObserver<TopicMessage>(
            (message, _) => channel.Writer.WriteAsync(message, cancellationToken).AsTask(),
            () => Task.FromResult(channel.Writer.TryComplete()),
            error => Task.FromResult(channel.Writer.TryComplete(error)));
        var handles = await provider.SubscribeToTopicsAsync(topicsOrPatterns, observer).ConfigureAwait(false);
        try
        {
            while (true)
            {
                try
                {
                    // On the reader's context when it has one: a waiting read is woken by the subscription's delivery
                    // loop, and resuming on that context (a grain's turn, a simulation's thread) instead of the thread
                    // pool keeps a simulated run on its one thread. Without a context this is the thread pool as before.
                    if (!await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(true))
                    {
                        yield break;
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    yield break;
                }

                while (channel.Reader.TryRead(out var message))
                {
                    yield return message;
                }
            }
        }
        finally
        {
            await Task.WhenAll(handles.Select(h => h.UnsubscribeAsync())).ConfigureAwait(false);
        }
    }
}
