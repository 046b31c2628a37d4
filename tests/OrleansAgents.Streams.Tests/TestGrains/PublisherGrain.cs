namespace OrleansAgents.Streams.Tests.TestGrains;

public sealed class PublisherGrain(SiloName silo) : Grain, IPublisherGrain
{
    public async Task PublishAsync(string provider, string @namespace, string key, int from, int count)
    {
        var stream = GetStreamProvider(provider).GetStream<int>(StreamId.Create(@namespace, key));
        for (var i = from; i < from + count; i++)
        {
            await stream.OnNextAsync(i);
        }
    }

    public Task PublishBatchAsync(string provider, string @namespace, string key, int from, int count) =>
        GetStreamProvider(provider).GetStream<int>(StreamId.Create(@namespace, key)).OnNextBatchAsync(Enumerable.Range(from, count));

    public Task CompleteAsync(string provider, string @namespace, string key) =>
        GetStreamProvider(provider).GetStream<int>(StreamId.Create(@namespace, key)).OnCompletedAsync();

    public Task<string> GetSiloAsync() => Task.FromResult(silo.Name);
}

[ImplicitStreamSubscription(Namespace)]
public sealed class ImplicitGrain(StreamProbe probe, SiloName silo) : Grain, IImplicitGrain
{
    public const string Namespace = "implicit";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var activation = probe.Activated($"implicit:{GrainKey.Value}");
        var stream = GetStreamProvider(StreamProviderNames.Default).GetStream<int>(StreamId.Create(Namespace, GrainKey.Value));
        await stream.SubscribeAsync((value, token) =>
        {
            probe.Record($"implicit:{GrainKey.Value}", new Received(stream.StreamId.ToString(), value, token!.SequenceNumber, silo.Name, activation));
            return Task.CompletedTask;
        });
    }

    public Task PingAsync() => Task.CompletedTask;
}
