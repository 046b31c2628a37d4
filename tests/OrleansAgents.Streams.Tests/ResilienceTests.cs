using OrleansAgents.Hosting;
using OrleansAgents.Streams.Tests.Fixtures;
using OrleansAgents.Streams.Tests.TestGrains;
using OrleansAgents.Streams.Topics;

namespace OrleansAgents.Streams.Tests;

/// <summary>Tests that need a cluster of their own: back-pressure, killed silos, disposal under load, configuration.</summary>
public sealed class ResilienceTests
{
    [Fact]
    public async Task A_full_subscriber_buffer_fails_the_publish_in_fail_mode_and_loses_nothing_accepted()
    {
        var probe = new StreamProbe { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var cluster = await StreamCluster.StartAsync(probe, silos: 1);
        await cluster.Client.GetGrain<ISubscriberGrain>("slow").SubscribeAsync(StreamCluster.Failing, "numbers", "full");
        var stream = cluster.Client.GetStreamProvider(StreamCluster.Failing).GetStream<int>(StreamId.Create("numbers", "full"));

        var accepted = 0;
        StreamBufferFullException? full = null;
        for (var i = 0; i < 50 && full is null; i++)
        {
            try
            {
                await stream.OnNextAsync(i);
                accepted++;
            }
            catch (StreamBufferFullException exception)
            {
                full = exception;
            }
        }

        Assert.NotNull(full);
        Assert.Contains("BufferCapacity", full.Message, StringComparison.Ordinal);
        Assert.InRange(accepted, 4, 6);

        probe.Gate.SetResult();
        await Eventually.TrueAsync(() => probe.ValuesOf("slow").Count == accepted, "every accepted event is delivered once the subscriber catches up");
        Assert.Equal(Enumerable.Range(0, accepted), probe.ValuesOf("slow"));
        await stream.OnNextAsync(accepted);
        await Eventually.TrueAsync(() => probe.ValuesOf("slow").Count == accepted + 1, "publishing works again");
    }

    [Fact]
    public async Task A_full_subscriber_buffer_makes_the_publisher_wait_in_wait_mode_until_it_drains()
    {
        var probe = new StreamProbe { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var cluster = await StreamCluster.StartAsync(probe, silos: 1);
        await cluster.Client.GetGrain<ISubscriberGrain>("slow").SubscribeAsync(StreamCluster.Waiting, "numbers", "wait");
        var stream = cluster.Client.GetStreamProvider(StreamCluster.Waiting).GetStream<int>(StreamId.Create("numbers", "wait"));

        var published = 0;
        var publishing = Task.Run(async () =>
        {
            for (var i = 0; i < 12; i++)
            {
                await stream.OnNextAsync(i);
                Interlocked.Increment(ref published);
            }
        });

        // One event is held by the blocked observer, four wait in the buffer (capacity 4): the fifth or sixth publish waits.
        await Eventually.TrueAsync(() => Volatile.Read(ref published) >= 5, "the publisher fills the buffer");
        Assert.InRange(Volatile.Read(ref published), 5, 6);
        Assert.False(publishing.IsCompleted, "the publisher waits while the subscriber's buffer is full");

        probe.Gate.SetResult();
        await publishing.WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => probe.ValuesOf("slow").Count == 12, "every event arrives");
        Assert.Equal(Enumerable.Range(0, 12), probe.ValuesOf("slow"));
    }

    [Fact]
    public async Task A_publisher_on_one_silo_reaches_subscribers_on_every_silo()
    {
        var probe = new StreamProbe();
        await using var cluster = await StreamCluster.StartAsync(probe, silos: 3);
        var bySilo = new Dictionary<string, string>();
        for (var i = 0; bySilo.Count < 3 && i < 200; i++)
        {
            var silo = await cluster.Client.GetGrain<ISubscriberGrain>($"s{i}").GetSiloAsync();
            bySilo.TryAdd(silo, $"s{i}");
        }

        Assert.Equal(3, bySilo.Count);
        foreach (var subscriber in bySilo.Values)
        {
            await cluster.Client.GetGrain<ISubscriberGrain>(subscriber).SubscribeAsync(StreamProviderNames.Default, "numbers", "x");
        }

        // Published from inside a silo, by a grain, through the runtime's messaging.
        var publisher = cluster.Silos[0].GrainFactory.GetGrain<IPublisherGrain>("p");
        await publisher.PublishAsync(StreamProviderNames.Default, "numbers", "x", 0, 20);

        foreach (var (silo, subscriber) in bySilo)
        {
            await Eventually.TrueAsync(() => probe.ValuesOf(subscriber).Count == 20, $"the subscriber on {silo} gets every event");
            Assert.Equal(Enumerable.Range(0, 20), probe.ValuesOf(subscriber));
            Assert.All(probe.ReceivedBy(subscriber), r => Assert.Equal(silo, r.Silo));
        }
    }

    [Fact]
    public async Task A_subscriber_whose_silo_is_killed_is_reactivated_elsewhere_and_reattaches()
    {
        var probe = new StreamProbe();
        await using var cluster = await StreamCluster.StartAsync(probe, silos: 3);
        var stream = cluster.Client.GetStreamProvider(StreamProviderNames.Default).GetStream<int>(StreamId.Create("numbers", "kill"));
        var streamGrain = new GrainId("sys.stream", new GrainKey($"{StreamProviderNames.Default}/numbers/kill"));
        await stream.OnNextAsync(-1);
        var streamSilo = cluster.Silos.Single(s => s.HostsActivation(streamGrain)).Name;

        string? subscriber = null;
        string? victim = null;
        for (var i = 0; subscriber is null; i++)
        {
            var silo = await cluster.Client.GetGrain<ISubscriberGrain>($"k{i}").GetSiloAsync();
            if (silo != streamSilo)
            {
                (subscriber, victim) = ($"k{i}", silo);
            }
        }

        await cluster.Client.GetGrain<ISubscriberGrain>(subscriber).SubscribeAsync(StreamProviderNames.Default, "numbers", "kill");
        await stream.OnNextAsync(1);
        await Eventually.TrueAsync(() => probe.ValuesOf(subscriber).Count == 1, "the first event arrives");

        await cluster.KillSiloAsync(cluster.Silos.Single(s => s.Name == victim));
        await cluster.WaitForLivenessToStabilizeAsync();
        await stream.OnNextAsync(2);

        await Eventually.TrueAsync(() => probe.ValuesOf(subscriber).Count == 2, "the event after the kill reaches the reactivated subscriber");
        var second = probe.ReceivedBy(subscriber)[1];
        Assert.Equal(2, second.Value);
        Assert.NotEqual(victim, second.Silo);
        Assert.Equal(2, second.Activation);
    }

    [Fact]
    public async Task Disposing_the_cluster_under_publishing_load_ends_every_publisher_and_subscriber_without_hanging()
    {
        var probe = new StreamProbe();
        var cluster = await StreamCluster.StartAsync(probe, silos: 2);
        for (var i = 0; i < 5; i++)
        {
            await cluster.Client.GetGrain<ISubscriberGrain>($"load{i}").SubscribeAsync(StreamProviderNames.Default, "numbers", "load");
        }

        var client = cluster.Client.GetStreamProvider(StreamProviderNames.Default);
        var clientReceived = new ConcurrentList();
        await client.GetStream<int>(StreamId.Create("numbers", "load")).SubscribeAsync((value, _) => clientReceived.AddAsync(value));
        var reader = Task.Run(async () =>
        {
            await foreach (var _ in client.ReadTopicsAsync(["load.**"]))
            {
            }
        });

        var publishers = Enumerable.Range(0, 3).Select(p => Task.Run(async () =>
        {
            var stream = client.GetStream<int>(StreamId.Create("numbers", "load"));
            for (var i = 0; ; i++)
            {
                await stream.OnNextAsync(i);
                await client.PublishAsync($"load.p{p}", i);
            }
        })).ToArray();

        await Eventually.TrueAsync(() => probe.ValuesOf("load0").Count > 200 && clientReceived.Count > 200, "events flow");
        await cluster.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));

        var ended = Task.WhenAll(publishers.Append(reader));
        await ended.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
        Assert.True(ended.IsCompleted, "every publisher and reader ended once the cluster was disposed");
        Assert.All(publishers, p => Assert.True(p.IsFaulted, "a publisher fails once its client is gone"));
    }

    [Fact]
    public async Task A_client_subscription_nobody_polls_expires_after_the_lease_and_stops_holding_the_publisher_up()
    {
        var time = new ManualTimeProvider();
        var probe = new StreamProbe();
        await using var cluster = StreamCluster.Builder(probe, silos: 1).UseTimeProvider(time).Build();
        await cluster.DeployAsync();

        // A client inbox whose client is gone: subscribed, never polled.
        var stream = StreamId.Create("numbers", "abandoned");
        var inbox = Runtime.StreamKeys.InboxId(StreamCluster.Waiting, Guid.NewGuid());
        var rendezvous = cluster.Client.GetGrain<Runtime.IStreamGrain>(Runtime.StreamKeys.Stream(StreamCluster.Waiting, stream));
        await rendezvous.SubscribeAsync(new Runtime.StreamSubscriptionRecord(Guid.NewGuid(), inbox.ToString()), null);

        var publishing = cluster.Client.GetStreamProvider(StreamCluster.Waiting).GetStream<int>(stream).OnNextBatchAsync(Enumerable.Range(0, 20));
        await Eventually.TrueAsync(() => cluster.Silos[0].HostsActivation(inbox), "the deliveries activate the inbox");
        Assert.False(publishing.IsCompleted, "the publisher waits: the inbox and the subscriber's buffer are full");

        // Past the lease (1 minute) the inbox closes and refuses deliveries; the stream drops the subscription. (The
        // jump also times out the waiting publish call, as 2.5 minutes of waiting would.)
        time.Advance(TimeSpan.FromMinutes(2.5));
        await publishing.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
        await Eventually.MatchAsync(
            () =>
            {
                time.Advance(TimeSpan.FromSeconds(1)); // the delivery that timed out is retried after a (virtual) delay
                return rendezvous.GetSubscriptionsAsync(inbox.ToString());
            },
            s => s.Length == 0,
            "the stream dropped the expired subscription");
        await cluster.Client.GetStreamProvider(StreamCluster.Waiting).GetStream<int>(stream).OnNextBatchAsync(Enumerable.Range(0, 20)).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_bad_stream_option_fails_silo_start_naming_the_option()
    {
        await using var cluster = StreamCluster.Builder(new StreamProbe(), silos: 1, silo => silo.AddMemoryStreams("bad", o => o.BufferCapacity = 0)).Build();
        var error = await Assert.ThrowsAnyAsync<Exception>(cluster.DeployAsync);
        Assert.Contains("BufferCapacity", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_provider_name_fails_with_a_message_naming_it()
    {
        await using var cluster = await StreamCluster.StartAsync(new StreamProbe(), silos: 1);
        var error = await Assert.ThrowsAsync<KeyNotFoundException>(() =>
            cluster.Client.GetStreamProvider("nope").GetStream<int>(StreamId.Create("numbers", "x")).OnNextAsync(1));
        Assert.Contains("'nope'", error.Message, StringComparison.Ordinal);
    }
}
