using Microsoft.Extensions.Logging;
using OrleansAgents.Streams;
using OrleansAgents.Streams.Topics;

namespace OrleansAgents.Runtime;

/// <summary>
/// The pattern subscriptions of one namespace (see <see cref="IStreamPatternRegistryGrain"/>). Reentrant, so a stream
/// that activates while a subscription is being pushed can still register; writes are serialized.
/// </summary>
[GrainType(StreamKeys.PatternRegistryGrainType)]
[Reentrant]
internal sealed class StreamPatternRegistryGrain : Grain, IStreamPatternRegistryGrain
{
    private readonly IPersistentState<StreamPatternRegistryState> _state;
    private readonly StreamProviderRegistry _registry;
    private readonly ILogger<StreamPatternRegistryGrain> _logger;
    private readonly GatedStateWriter<StreamPatternRegistryState> _writer;
    private StreamProviderRuntime _runtime = null!;
    private string _namespace = null!;

    public StreamPatternRegistryGrain(
        [PersistentState("patterns", StreamProviderNames.PubSubStore)] IPersistentState<StreamPatternRegistryState> state,
        StreamProviderRegistry registry,
        ILogger<StreamPatternRegistryGrain> logger)
    {
        _state = state;
        _writer = new GatedStateWriter<StreamPatternRegistryState>(state);
        _registry = registry;
        _logger = logger;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = GrainKey.Value;
        var separator = key.IndexOf('/', StringComparison.Ordinal);
        _runtime = _registry.GetRuntime(key[..separator]);
        _namespace = key[(separator + 1)..];
        return Task.CompletedTask;
    }

    public async Task<StreamSubscriptionRecord[]> RegisterStreamAsync(string key, Guid activation)
    {
        await WriteAsync(s => s.ActiveStreams[key] = activation).ConfigureAwait(true);
        return Matching(key);
    }

    public async Task UnregisterStreamAsync(string key, Guid activation)
    {
        if (_state.State.ActiveStreams.TryGetValue(key, out var current) && current == activation)
        {
            await WriteAsync(s => s.ActiveStreams.Remove(key)).ConfigureAwait(true);
        }
    }

    public async Task SubscribeAsync(StreamSubscriptionRecord subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        _runtime.EnsurePatternsAllowed(_namespace);
        TopicPattern.ValidatePattern(subscription.Pattern ?? throw new ArgumentException("A pattern subscription needs a pattern.", nameof(subscription)));
        // Idempotent by subscription id: a retry after a lost answer, or after a timed-out write that was applied,
        // finds it stored and pushes it to the matching streams again (the first attempt may not have got that far).
        if (!_state.State.Subscriptions.Exists(s => s.Id == subscription.Id))
        {
            await WriteAsync(s => s.Subscriptions.Add(subscription)).ConfigureAwait(true);
        }

        await NotifyAsync(subscription.Pattern).ConfigureAwait(true);
    }

    public async Task UnsubscribeAsync(Guid subscriptionId)
    {
        var subscription = _state.State.Subscriptions.FirstOrDefault(s => s.Id == subscriptionId);
        if (subscription is null)
        {
            return;
        }

        try
        {
            await WriteAsync(s => s.Subscriptions.RemoveAll(r => r.Id == subscriptionId)).ConfigureAwait(true);
        }
        finally
        {
            // Also when the write timed out but was applied (the state re-read no longer holds it): a retry would find
            // nothing to remove, and the streams would keep delivering.
            if (!_state.State.Subscriptions.Exists(s => s.Id == subscriptionId))
            {
                await NotifyAsync(subscription.Pattern!).ConfigureAwait(true);
            }
        }
    }

    public Task<StreamSubscriptionRecord[]> GetSubscriptionsAsync(string consumer) =>
        Task.FromResult(_state.State.Subscriptions.Where(s => s.Consumer == consumer).ToArray());

    private StreamSubscriptionRecord[] Matching(string key) =>
        [.. _state.State.Subscriptions.Where(s => TopicPattern.Matches(s.Pattern!, key))];

    /// <summary>Pushes the current set to every active stream the changed pattern matches; done before the caller's call returns.</summary>
    private async Task NotifyAsync(string pattern)
    {
        var streams = _state.State.ActiveStreams.Keys.Where(key => TopicPattern.Matches(pattern, key)).ToArray();
        await Task.WhenAll(streams.Select(async key =>
        {
            try
            {
                await _runtime.StreamGrain(new StreamId(_namespace, key)).SetPatternSubscriptionsAsync(Matching(key)).ConfigureAwait(true);
            }
            catch (Exception exception)
            {
                StreamLog.PatternNotifyFailed(_logger, exception, GrainKey.Value, key);
            }
        })).ConfigureAwait(true);
    }

    private Task WriteAsync(Action<StreamPatternRegistryState> change) => _writer.WriteAsync(change);
}
