using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Orleans.Streams;

namespace OrleansAgents.Streams.Topics;

/// <summary>
/// Topics on an Orleans stream provider: a topic is the stream <c>(topics, name)</c> of <see cref="TopicMessage"/>s;
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
        return provider.GetStream<TopicMessage>(StreamId.Create(TopicPattern.Namespace, topic));
    }

    /// <summary>Publishes <paramref name="payload"/> (serialized to JSON) on <paramref name="topic"/>.</summary>
    public static Task PublishAsync(this IStreamProvider provider, string topic, object? payload, JsonSerializerOptions? options = null) =>
        provider.GetTopic(topic).OnNextAsync(new TopicMessage(topic, JsonSerializer.SerializeToElement(payload, options)));

    /// <summary>Subscribes to a topic.</summary>
    public static Task<StreamSubscriptionHandle<TopicMessage>> SubscribeToTopicAsync(this IStreamProvider provider, string topicOrPattern, IAsyncObserver<TopicMessage> observer)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(observer);
        TopicPattern.ValidatePattern(topicOrPattern);
        return provider.GetTopic(topicOrPattern).SubscribeAsync(observer);
    }

    /// <summary>Reads the messages of several topics as they are published, until <paramref name="cancellationToken"/> fires.</summary>
    public static async IAsyncEnumerable<TopicMessage> ReadTopicsAsync(
        this IStreamProvider provider,
        IEnumerable<string> topicsOrPatterns,
        int bufferCapacity = 1024,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var channel = Channel.CreateBounded<TopicMessage>(bufferCapacity);
        var handles = new List<StreamSubscriptionHandle<TopicMessage>>();
        foreach (var topic in topicsOrPatterns.Distinct(StringComparer.Ordinal))
        {
            handles.Add(await provider.GetTopic(topic).SubscribeAsync((m, _) => channel.Writer.WriteAsync(m, cancellationToken).AsTask()).ConfigureAwait(false));
        }

        try
        {
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
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
