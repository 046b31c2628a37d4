using OrleansAgents.Streams.Tests.Fixtures;
using OrleansAgents.Streams.Tests.TestGrains;

namespace OrleansAgents.Streams.Tests;

[Collection(StreamCollection.Name)]
public sealed class DeliveryTests(StreamClusterFixture fixture)
{
    private TestCluster Cluster => fixture.Cluster;

    private StreamProbe Probe => fixture.Probe;

    [Fact]
    public async Task Events_of_one_stream_reach_a_grain_subscriber_in_order_with_growing_tokens()
    {
        var key = Unique();
        var subscriber = Cluster.Client.GetGrain<ISubscriberGrain>($"ordered-{key}");
        await subscriber.SubscribeAsync(StreamProviderNames.Default, "numbers", key);

        var publisher = Cluster.Client.GetGrain<IPublisherGrain>(key);
        await publisher.PublishAsync(StreamProviderNames.Default, "numbers", key, 0, 150);
        await publisher.PublishBatchAsync(StreamProviderNames.Default, "numbers", key, 150, 50);

        await Eventually.TrueAsync(() => Probe.ValuesOf($"ordered-{key}").Count >= 200, "the subscriber gets all 200 events");
        var received = Probe.ReceivedBy($"ordered-{key}");
        Assert.Equal(Enumerable.Range(0, 200), received.Select(r => r.Value));
        Assert.True(received.Zip(received.Skip(1)).All(p => p.Second.Sequence > p.First.Sequence), "sequence tokens grow");
    }

    [Fact]
    public async Task Many_subscribers_grains_and_clients_each_get_every_event_in_order()
    {
        var key = Unique();
        var grains = Enumerable.Range(0, 20).Select(i => $"many-{key}-{i}").ToArray();
        await Task.WhenAll(grains.Select(g => Cluster.Client.GetGrain<ISubscriberGrain>(g).SubscribeAsync(StreamProviderNames.Default, "numbers", key)));
        var clients = Enumerable.Range(0, 3).Select(_ => new ConcurrentList()).ToArray();
        var stream = fixture.Streams.GetStream<int>(StreamId.Create("numbers", key));
        foreach (var list in clients)
        {
            await stream.SubscribeAsync((value, _) => list.AddAsync(value));
        }

        await stream.OnNextBatchAsync(Enumerable.Range(0, 100));

        foreach (var grain in grains)
        {
            await Eventually.TrueAsync(() => Probe.ValuesOf(grain).Count >= 100, $"{grain} gets 100 events");
            Assert.Equal(Enumerable.Range(0, 100), Probe.ValuesOf(grain));
        }

        foreach (var list in clients)
        {
            await Eventually.TrueAsync(() => list.Count >= 100, "each client subscription gets 100 events");
            Assert.Equal(Enumerable.Range(0, 100), list.Snapshot());
        }

        var silos = grains.Select(g => Probe.ReceivedBy(g)[0].Silo).Distinct().Count();
        Assert.True(silos > 1, "the subscribers are spread over several silos");
    }

    [Fact]
    public async Task Completion_reaches_every_subscriber_after_the_events()
    {
        var key = Unique();
        await Cluster.Client.GetGrain<ISubscriberGrain>($"complete-{key}").SubscribeAsync(StreamProviderNames.Default, "numbers", key);
        var publisher = Cluster.Client.GetGrain<IPublisherGrain>(key);
        await publisher.PublishAsync(StreamProviderNames.Default, "numbers", key, 0, 3);
        await publisher.CompleteAsync(StreamProviderNames.Default, "numbers", key);

        await Eventually.TrueAsync(() => Probe.CompletionsOf($"complete-{key}") == 1, "the subscriber sees OnCompletedAsync");
        Assert.Equal([0, 1, 2], Probe.ValuesOf($"complete-{key}"));
    }

    [Fact]
    public async Task Unsubscribed_grains_and_clients_get_nothing_more_while_others_still_do()
    {
        var key = Unique();
        var stays = Cluster.Client.GetGrain<ISubscriberGrain>($"stays-{key}");
        var leaves = Cluster.Client.GetGrain<ISubscriberGrain>($"leaves-{key}");
        await stays.SubscribeAsync(StreamProviderNames.Default, "numbers", key);
        await leaves.SubscribeAsync(StreamProviderNames.Default, "numbers", key);
        var client = new ConcurrentList();
        var stream = fixture.Streams.GetStream<int>(StreamId.Create("numbers", key));
        var handle = await stream.SubscribeAsync((value, _) => client.AddAsync(value));

        await stream.OnNextBatchAsync(Enumerable.Range(0, 5));
        await Eventually.TrueAsync(() => Probe.ValuesOf($"leaves-{key}").Count == 5 && client.Count == 5, "both get the first five");

        await leaves.UnsubscribeAllAsync();
        await handle.UnsubscribeAsync();
        Assert.Equal(0, await leaves.CountHandlesAsync(StreamProviderNames.Default, "numbers", key));
        await stream.OnNextBatchAsync(Enumerable.Range(5, 5));

        await Eventually.TrueAsync(() => Probe.ValuesOf($"stays-{key}").Count == 10, "the remaining subscriber gets all ten");
        Assert.Equal(Enumerable.Range(0, 5), Probe.ValuesOf($"leaves-{key}"));
        Assert.Equal(Enumerable.Range(0, 5), client.Snapshot());
    }

    [Fact]
    public async Task A_deactivated_subscriber_is_reactivated_by_the_next_event_and_resumes_its_subscription()
    {
        var key = Unique();
        var name = $"resume-{key}";
        var subscriber = Cluster.Client.GetGrain<ISubscriberGrain>(name);
        await subscriber.SubscribeAsync(StreamProviderNames.Default, "numbers", key);
        var stream = fixture.Streams.GetStream<int>(StreamId.Create("numbers", key));
        await stream.OnNextAsync(1);
        await Eventually.TrueAsync(() => Probe.ValuesOf(name).Count == 1, "the first event arrives");

        await subscriber.DeactivateAsync();
        await Eventually.TrueAsync(() => TotalActivations(name) == 0, "the subscriber deactivates");
        await stream.OnNextAsync(2);

        await Eventually.TrueAsync(() => Probe.ValuesOf(name).Count == 2, "the second event reactivates the subscriber");
        var received = Probe.ReceivedBy(name);
        Assert.Equal([1, 2], received.Select(r => r.Value));
        Assert.Equal([1, 2], received.Select(r => r.Activation));
    }

    [Fact]
    public async Task An_implicit_subscription_activates_the_grain_keyed_by_the_stream_key()
    {
        var key = Unique();
        var stream = fixture.Streams.GetStream<int>(StreamId.Create(ImplicitGrain.Namespace, key));
        await stream.OnNextBatchAsync([7, 8, 9]);

        await Eventually.TrueAsync(() => Probe.ValuesOf($"implicit:{key}").Count == 3, "the implicit subscriber gets the events");
        Assert.Equal([7, 8, 9], Probe.ValuesOf($"implicit:{key}"));
        Assert.Equal(1, Probe.ActivationsOf($"implicit:{key}"));
    }

    [Fact]
    public async Task A_subscription_from_an_earlier_token_replays_the_window_and_a_token_before_it_is_refused()
    {
        var key = Unique();
        var stream = fixture.Streams.GetStream<int>(StreamId.Create("numbers", key));
        var probeList = new ConcurrentList();
        var tokens = new List<long>();
        await stream.SubscribeAsync((value, token) =>
        {
            lock (tokens)
            {
                tokens.Add(token!.SequenceNumber);
            }

            return probeList.AddAsync(value);
        });
        await stream.OnNextBatchAsync(Enumerable.Range(0, 10));
        await Eventually.TrueAsync(() => probeList.Count == 10, "the first subscriber sees ten events");

        var fifth = tokens[5];
        var late = Cluster.Client.GetGrain<ISubscriberGrain>($"rewind-{key}");
        await late.SubscribeFromAsync(StreamProviderNames.Default, "numbers", key, fifth);
        await Eventually.TrueAsync(() => Probe.ValuesOf($"rewind-{key}").Count == 5, "the late subscriber gets the replayed events");
        Assert.Equal([5, 6, 7, 8, 9], Probe.ValuesOf($"rewind-{key}"));

        var error = await Assert.ThrowsAsync<StreamRewindException>(() => stream.SubscribeAsync((_, _) => Task.CompletedTask, new StreamSequenceToken(tokens[0] - 1)));
        Assert.Contains("replay window", error.Message, StringComparison.Ordinal);
    }

    private int TotalActivations(string subscriber) =>
        Cluster.Silos.Count(s => s.HostsActivation(new GrainId("subscriber", new GrainKey(subscriber))));

    private static string Unique() => Guid.NewGuid().ToString("N")[..8];
}
