namespace OrleansAgents.Streams.Tests.TestGrains;

/// <summary>The subscriptions a <see cref="SubscriberGrain"/> holds, so a new activation can resume them.</summary>
public sealed class SubscriberState
{
    public List<string> Streams { get; set; } = [];

    public List<string> Patterns { get; set; } = [];
}

public sealed class SubscriberGrain(
    [PersistentState("subscriber")] IPersistentState<SubscriberState> state,
    StreamProbe probe,
    SiloName silo) : Grain, ISubscriberGrain
{
    private int _activation;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _activation = probe.Activated(Name);
        foreach (var entry in state.State.Streams)
        {
            var (provider, stream) = Split(entry);
            foreach (var handle in await GetStreamProvider(provider).GetStream<int>(stream).GetAllSubscriptionHandles())
            {
                await handle.ResumeAsync(Observer(stream.ToString()));
            }
        }

        foreach (var entry in state.State.Patterns)
        {
            var (provider, stream) = Split(entry);
            foreach (var handle in await GetStreamProvider(provider).GetPatternSubscriptionHandlesAsync<int>(stream.Namespace))
            {
                await handle.ResumeAsync(Observer(null));
            }
        }
    }

    private string Name => GrainKey.Value;

    /// <summary>
    /// Idempotent, so that a caller may retry it after an ambiguous failure: the stream is remembered first (a new
    /// activation resumes what is remembered), and a subscription this grain already holds on the stream (one made by
    /// an earlier attempt whose answer was lost) is resumed instead of adding a second one — the Orleans idiom, since
    /// every <c>SubscribeAsync</c> adds a subscription.
    /// </summary>
    public async Task<Guid> SubscribeAsync(string provider, string @namespace, string key)
    {
        var stream = StreamId.Create(@namespace, key);
        await RememberAsync(state.State.Streams, $"{provider}|{stream}");
        var asyncStream = GetStreamProvider(provider).GetStream<int>(stream);
        var handles = await asyncStream.GetAllSubscriptionHandles();
        if (handles.Count > 0)
        {
            foreach (var existing in handles)
            {
                await existing.ResumeAsync(Observer(stream.ToString()));
            }

            return handles[0].SubscriptionId;
        }

        var handle = await asyncStream.SubscribeAsync(Observer(stream.ToString()));
        return handle.SubscriptionId;
    }

    public async Task<Guid> SubscribeFromAsync(string provider, string @namespace, string key, long sequence)
    {
        var stream = StreamId.Create(@namespace, key);
        var handle = await GetStreamProvider(provider).GetStream<int>(stream).SubscribeAsync(Observer(stream.ToString()), new StreamSequenceToken(sequence));
        await RememberAsync(state.State.Streams, $"{provider}|{stream}");
        return handle.SubscriptionId;
    }

    public async Task<Guid> SubscribeToPatternAsync(string provider, string @namespace, string pattern)
    {
        var handle = await GetStreamProvider(provider).SubscribeToPatternAsync(@namespace, pattern, Observer(null));
        await RememberAsync(state.State.Patterns, $"{provider}|{@namespace}/{pattern}");
        return handle.SubscriptionId;
    }

    public async Task UnsubscribeAllAsync()
    {
        foreach (var entry in state.State.Streams)
        {
            var (provider, stream) = Split(entry);
            foreach (var handle in await GetStreamProvider(provider).GetStream<int>(stream).GetAllSubscriptionHandles())
            {
                await handle.UnsubscribeAsync();
            }
        }

        foreach (var entry in state.State.Patterns)
        {
            var (provider, stream) = Split(entry);
            foreach (var handle in await GetStreamProvider(provider).GetPatternSubscriptionHandlesAsync<int>(stream.Namespace))
            {
                await handle.UnsubscribeAsync();
            }
        }

        state.State.Streams.Clear();
        state.State.Patterns.Clear();
        await state.WriteStateAsync();
    }

    public async Task<int> CountHandlesAsync(string provider, string @namespace, string key) =>
        (await GetStreamProvider(provider).GetStream<int>(StreamId.Create(@namespace, key)).GetAllSubscriptionHandles()).Count;

    public Task<string> GetSiloAsync() => Task.FromResult(silo.Name);

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private StreamObserver<int> Observer(string? stream) => new(
        async (value, token) =>
        {
            await probe.Gate.Task;
            probe.Record(Name, new Received(stream ?? "pattern", value, token!.SequenceNumber, silo.Name, _activation));
        },
        () =>
        {
            probe.Completed(Name);
            return Task.CompletedTask;
        });

    private async Task RememberAsync(List<string> list, string entry)
    {
        if (!list.Contains(entry))
        {
            list.Add(entry);
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                // Not stored (or maybe stored: a timed-out write): forget it in memory too and re-read, so that a
                // retry writes it again instead of finding it already in the list.
                list.Remove(entry);
                await state.ReadStateAsync().ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
                throw;
            }
        }
    }

    private static (string Provider, StreamId Stream) Split(string entry)
    {
        var bar = entry.IndexOf('|', StringComparison.Ordinal);
        return (entry[..bar], StreamId.Parse(entry[(bar + 1)..]));
    }
}
