using Orleans.Streams.Core;
using OrleansAgents.Streams.Topics;

namespace OrleansAgents.Topics;

/// <summary>
/// The router of one topic (keyed by the topic name). Implicitly subscribed to the topic's stream, so every message
/// of the topic reaches it, one at a time and in order; it forwards each to the streams of the registered patterns
/// that match the topic, awaiting each forward, so the per-topic order holds on every pattern stream.
/// </summary>
/// <remarks>
/// Before each message it asks the registry whether the patterns changed since the version it holds (a read-only call
/// answering <c>null</c> when nothing changed): a pattern registered before the message was published is always seen.
/// The matching pattern streams are recomputed only when the version changes.
/// </remarks>
[ImplicitStreamSubscription(TopicPattern.Namespace)]
internal sealed class TopicRouterGrain : Grain, ITopicRouterGrain, IStreamSubscriptionObserver, IAsyncObserver<TopicMessage>
{
    private ITopicPatternRegistryGrain? _registry;
    private IStreamProvider? _provider;
    private Guid _version;
    private IAsyncStream<TopicMessage>[] _targets = [];

    private string Topic => this.GetPrimaryKeyString();

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        ArgumentNullException.ThrowIfNull(handleFactory);
        _provider = this.GetStreamProvider(handleFactory.ProviderName);
        _registry = GrainFactory.GetGrain<ITopicPatternRegistryGrain>(handleFactory.ProviderName);
        await handleFactory.Create<TopicMessage>().ResumeAsync(this);
    }

    public async Task OnNextAsync(TopicMessage item, StreamSequenceToken? token = null)
    {
        if (_registry is null || _provider is null)
        {
            return;
        }

        if (await _registry.GetIfChangedAsync(_version) is { } changed)
        {
            _version = changed.Version;
            var topic = Topic;
            _targets = [.. changed.Patterns
                .Where(pattern => TopicPattern.Matches(pattern, topic))
                .Select(pattern => _provider.GetStream<TopicMessage>(StreamId.Create(TopicPattern.PatternNamespace, pattern)))];
        }

        foreach (var target in _targets)
        {
            await target.OnNextAsync(item);
        }
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}
