namespace OrleansAgents.Streams.Tests.TestGrains;

/// <summary>A grain that subscribes to streams and patterns and records what it receives in the <see cref="StreamProbe"/>.</summary>
public interface ISubscriberGrain : IGrainWithStringKey
{
    Task<Guid> SubscribeAsync(string provider, string @namespace, string key);

    Task<Guid> SubscribeFromAsync(string provider, string @namespace, string key, long sequence);

    Task<Guid> SubscribeToPatternAsync(string provider, string @namespace, string pattern);

    Task UnsubscribeAllAsync();

    Task<int> CountHandlesAsync(string provider, string @namespace, string key);

    Task<string> GetSiloAsync();

    Task DeactivateAsync();
}

/// <summary>A grain that publishes ints on a stream.</summary>
public interface IPublisherGrain : IGrainWithStringKey
{
    Task PublishAsync(string provider, string @namespace, string key, int from, int count);

    Task PublishBatchAsync(string provider, string @namespace, string key, int from, int count);

    Task CompleteAsync(string provider, string @namespace, string key);

    Task<string> GetSiloAsync();
}

/// <summary>Subscribed implicitly to the <c>implicit</c> namespace.</summary>
public interface IImplicitGrain : IGrainWithStringKey
{
    Task PingAsync();
}
