namespace OrleansAgents.Streams;

/// <summary>
/// A named stream provider: hands out streams and pattern subscriptions. In a grain get it with
/// <c>GetStreamProvider(name)</c>; in a client with <see cref="IStreamProviderFactory.GetStreamProvider"/>.
/// </summary>
public interface IStreamProvider
{
    /// <summary>The provider name.</summary>
    string Name { get; }

    /// <summary>Whether subscriptions may start from an earlier <see cref="StreamSequenceToken"/>.</summary>
    bool IsRewindable { get; }

    /// <summary>Gets a stream; cheap, nothing is sent until it is used.</summary>
    IAsyncStream<T> GetStream<T>(StreamId streamId);

    /// <summary>
    /// Subscribes to every stream of <paramref name="namespace"/> whose key matches <paramref name="pattern"/>
    /// (glob semantics of <see cref="Topics.TopicPattern"/>), including streams that do not exist yet. Events of one
    /// stream arrive in order; events of different streams may interleave.
    /// </summary>
    /// <exception cref="ArgumentException">The pattern is not valid.</exception>
    /// <exception cref="NotSupportedException">The provider does not allow pattern subscriptions in this namespace.</exception>
    Task<StreamSubscriptionHandle<T>> SubscribeToPatternAsync<T>(string @namespace, string pattern, IAsyncObserver<T> observer);

    /// <summary>The pattern subscriptions the caller (this grain) holds in <paramref name="namespace"/>, to resume them after activation.</summary>
    Task<IList<StreamSubscriptionHandle<T>>> GetPatternSubscriptionHandlesAsync<T>(string @namespace);
}
