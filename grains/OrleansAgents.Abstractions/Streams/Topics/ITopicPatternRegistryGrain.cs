namespace OrleansAgents.Streams.Topics;

/// <summary>
/// The patterns subscribed to on one stream provider (keyed by the provider name), reference-counted and persisted in
/// the pub-sub store. Topic routers ask it, per message, whether the set changed since the version they hold.
/// </summary>
[Alias("oa.ITopicPatternRegistryGrain")]
public interface ITopicPatternRegistryGrain : IGrainWithStringKey
{
    /// <summary>Counts one more subscription to <paramref name="pattern"/>; when the registry answers, every router sees it.</summary>
    [Alias("AddAsync")]
    Task AddAsync(string pattern);

    /// <summary>
    /// Registers <paramref name="pattern"/> (counting one subscription) unless it is registered already: for a pattern
    /// subscription that exists but whose registration was lost (its subscribe failed after the subscription landed), so
    /// that resuming it makes it routed to again. Idempotent.
    /// </summary>
    [Alias("EnsureAsync")]
    Task EnsureAsync(string pattern);

    /// <summary>Counts one subscription to <paramref name="pattern"/> less; at zero the pattern is no longer routed to.</summary>
    [Alias("RemoveAsync")]
    Task RemoveAsync(string pattern);

    /// <summary>The registered patterns, or <c>null</c> if they are still those of <paramref name="knownVersion"/>.</summary>
    [ReadOnly]
    [Alias("GetIfChangedAsync")]
    Task<TopicPatternSet?> GetIfChangedAsync(Guid knownVersion);
}

/// <summary>One version of the registered patterns.</summary>
/// <param name="Version">Changes whenever a pattern is added or removed (a new random value, so a registry that lost its state never repeats one).</param>
/// <param name="Patterns">The patterns with at least one subscription.</param>
[GenerateSerializer, Immutable, Alias("oa.TopicPatternSet")]
public sealed record TopicPatternSet([property: Id(0)] Guid Version, [property: Id(1)] IReadOnlyList<string> Patterns);

/// <summary>
/// The router of one topic (keyed by the topic name): implicitly subscribed to the topic's stream, it forwards each
/// message, in order, to the streams of the registered patterns that match the topic. It has no methods of its own.
/// </summary>
[Alias("oa.ITopicRouterGrain")]
public interface ITopicRouterGrain : IGrainWithStringKey
{
}
