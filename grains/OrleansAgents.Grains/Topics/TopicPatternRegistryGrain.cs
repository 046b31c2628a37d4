using OrleansAgents.Agents;
using OrleansAgents.Streams;
using OrleansAgents.Streams.Topics;

namespace OrleansAgents.Topics;

/// <summary>The persisted state of a <see cref="TopicPatternRegistryGrain"/>.</summary>
[GenerateSerializer, Alias("oa.TopicPatternRegistryState")]
internal sealed class TopicPatternRegistryState
{
    /// <summary>How many subscriptions each pattern has (only patterns with at least one).</summary>
    [Id(0)]
    public Dictionary<string, int> Subscriptions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The version of <see cref="Subscriptions"/>' key set.</summary>
    [Id(1)]
    public Guid Version { get; set; }
}

/// <summary>
/// The pattern registry of one stream provider: reference counts per pattern, persisted in the pub-sub store (where
/// the subscriptions themselves are), so patterns outlive the activation like the subscriptions do.
/// </summary>
internal sealed class TopicPatternRegistryGrain(
    [PersistentState("topic-patterns", StreamProviderNames.PubSubStore)] IPersistentState<TopicPatternRegistryState> state)
    : Grain, ITopicPatternRegistryGrain
{
    private TopicPatternSet? _current;

    public async Task AddAsync(string pattern)
    {
        TopicPattern.ValidatePattern(pattern);
        var subscriptions = state.State.Subscriptions;
        var count = subscriptions.GetValueOrDefault(pattern);
        subscriptions[pattern] = count + 1;
        await SaveAsync(changed: count == 0, undo: () => Undo(pattern, count));
    }

    public Task EnsureAsync(string pattern)
    {
        TopicPattern.ValidatePattern(pattern);
        return state.State.Subscriptions.ContainsKey(pattern) ? Task.CompletedTask : AddAsync(pattern);
    }

    public async Task RemoveAsync(string pattern)
    {
        var subscriptions = state.State.Subscriptions;
        if (!subscriptions.TryGetValue(pattern, out var count))
        {
            return;
        }

        if (count <= 1)
        {
            subscriptions.Remove(pattern);
        }
        else
        {
            subscriptions[pattern] = count - 1;
        }

        await SaveAsync(changed: count <= 1, undo: () => Undo(pattern, count));
    }

    public Task<TopicPatternSet?> GetIfChangedAsync(Guid knownVersion)
    {
        if (state.State.Version == knownVersion)
        {
            return Task.FromResult<TopicPatternSet?>(null);
        }

        _current ??= new TopicPatternSet(state.State.Version, [.. state.State.Subscriptions.Keys.Order(StringComparer.Ordinal)]);
        return Task.FromResult<TopicPatternSet?>(_current);
    }

    private async Task SaveAsync(bool changed, Action undo)
    {
        var version = state.State.Version;
        if (changed || version == Guid.Empty)
        {
            state.State.Version = Guid.NewGuid();
            _current = null;
        }

        try
        {
            // This activation's counts are the newest: over a write of its own that timed out but landed (its caller's
            // subscribe failed and was undone), it writes again.
            await state.WriteStateAsync(static (_, ours) => ours);
        }
        catch
        {
            // Not stored: the caller's subscribe or unsubscribe fails, so the count must not change either.
            undo();
            state.State.Version = version;
            _current = null;
            throw;
        }
    }

    private void Undo(string pattern, int count)
    {
        if (count == 0)
        {
            state.State.Subscriptions.Remove(pattern);
        }
        else
        {
            state.State.Subscriptions[pattern] = count;
        }
    }
}
