using Orleans.Streams;
using OrleansAgents.Chaos.Tests.Topics;
using OrleansAgents.Streams;
using OrleansAgents.Streams.Topics;

namespace OrleansAgents.Chaos.Tests.Regressions;

/// <summary>The topic bugs the old seeded simulation found, each replayed on Orleans with a targeted fault of the kit.</summary>
public sealed class TopicRegressionTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_dead_silos_late_delivery_does_not_reorder_or_skip_what_a_subscriber_gets()
    {
        var (cluster, log) = await TopicWorkload.StartAsync(new ChaosSeed(1), _ => { });
        await using var _ = cluster;
        // A subscriber that lives on a silo the kit may kill (any but the first).
        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        IChaosSubscriberGrain subscriber;
        SiloAddress? address;
        var n = 0;
        do
        {
            subscriber = cluster.Client.GetGrain<IChaosSubscriberGrain>($"late-{n++}");
            await cluster.DriveAsync(subscriber.SubscribeAsync(TopicWorkload.Topic));
            address = await cluster.DriveAsync(management.GetActivationAddress(subscriber).AsTask());
        }
        while (address is null || address.Equals(cluster.Cluster.Silos[0].SiloAddress));

        var name = subscriber.GetPrimaryKeyString();
        var topics = cluster.Client.GetStreamProvider(StreamProviderNames.Default);
        var epochs = new Dictionary<int, long?>();
        for (var i = 0; i < 30; i++)
        {
            if (i == 15)
            {
                // Kill the subscriber's silo while messages are on their way to it: deliveries it had in hand die with it,
                // and the subscription resumes on a survivor.
                var host = cluster.Cluster.Silos.Single(s => s.SiloAddress.Equals(address));
                await cluster.Chaos.ApplyAsync(new SiloFault(TimeSpan.Zero, SiloFaultKind.Kill, cluster.Cluster.Silos.IndexOf(host) - 1));
            }

            var before = cluster.Chaos.SiloFaultEpoch;
            await cluster.DriveAsync(Transient.RetryAsync(() => topics.PublishAsync(TopicWorkload.Topic, i)), Deadline);
            epochs[i] = before;
        }

        await cluster.EventuallyAsync(() => Task.FromResult(log.Of(name).Any(d => d.Number == 29)), Deadline, $"the subscriber should get 29 ({TopicOrder.Describe(log.Of(name))})");
        Assert.Null(TopicOrder.Check(name, log.Of(name), epochs, Enumerable.Range(16, 14)));
        Assert.Equal(1, cluster.Chaos.Counters.SiloFaults);
    }

    [Fact]
    public async Task A_subscribe_applied_but_unacknowledged_is_retried_into_one_subscription_that_gets_each_message_once()
    {
        var (cluster, log) = await TopicWorkload.StartAsync(new ChaosSeed(1), o =>
        {
            o.Calls.Add(new CallFaultRule(typeof(ITopicPatternRegistryGrain), nameof(ITopicPatternRegistryGrain.AddAsync)) { LostResponseRate = 1 });
            o.Calls.Add(new CallFaultRule(typeof(IChaosSubscriberGrain)) { LostResponseRate = 1 });
        });
        await using var _ = cluster;
        var exact = cluster.Client.GetGrain<IChaosSubscriberGrain>("exact-0");
        var pattern = cluster.Client.GetGrain<IChaosSubscriberGrain>("pattern-0");

        cluster.Chaos.Enabled = true;
        // The grain subscribed, and its answer is lost; the pattern's registration is applied, and its answer is lost.
        await Assert.ThrowsAnyAsync<Exception>(() => cluster.DriveAsync(exact.SubscribeAsync(TopicWorkload.Topic)));
        await Assert.ThrowsAnyAsync<Exception>(() => cluster.DriveAsync(pattern.SubscribeAsync(TopicWorkload.Pattern)));
        Assert.True(cluster.Chaos.Counters.LostResponses >= 2, cluster.Chaos.Counters.ToString());
        cluster.Chaos.Enabled = false;
        await cluster.DriveAsync(exact.SubscribeAsync(TopicWorkload.Topic));
        await cluster.DriveAsync(pattern.SubscribeAsync(TopicWorkload.Pattern));

        var topics = cluster.Client.GetStreamProvider(StreamProviderNames.Default);
        for (var i = 0; i <= 10; i++)
        {
            await cluster.DriveAsync(topics.PublishAsync(TopicWorkload.Topic, i));
        }

        foreach (var name in new[] { "exact-0", "pattern-0" })
        {
            await cluster.EventuallyAsync(() => Task.FromResult(log.Of(name).Any(d => d.Number == 10)), Deadline, $"{name} should get 10 ({TopicOrder.Describe(log.Of(name))})");
            // A second subscription would deliver every message twice, in order: by the last one, the repeats are in.
            Assert.Equal(Enumerable.Range(0, 11), log.Of(name).Select(d => d.Number));
        }
    }

    [Fact]
    public async Task A_pattern_subscription_whose_registration_was_lost_is_routed_to_again_once_resumed()
    {
        // Topic seed 20 of the sweep (storage and call faults, no silo fault): the pattern subscriber's subscription
        // existed and was resumed, but the registry did not hold the pattern, so no router forwarded to it and it got
        // nothing, markers included. Here the registration is dropped directly; resuming the subscription (the
        // subscriber's retried subscribe finds it) must register the pattern again.
        var (cluster, log) = await TopicWorkload.StartAsync(new ChaosSeed(1), _ => { });
        await using var _ = cluster;
        var pattern = cluster.Client.GetGrain<IChaosSubscriberGrain>("pattern-0");
        var registry = cluster.Client.GetGrain<ITopicPatternRegistryGrain>(StreamProviderNames.Default);
        await cluster.DriveAsync(pattern.SubscribeAsync(TopicWorkload.Pattern));
        await cluster.DriveAsync(registry.RemoveAsync(TopicWorkload.Pattern));
        Assert.Empty((await cluster.DriveAsync(registry.GetIfChangedAsync(Guid.Empty)))!.Patterns);

        await cluster.DriveAsync(pattern.SubscribeAsync(TopicWorkload.Pattern));
        Assert.Equal(1, await cluster.DriveAsync(pattern.CountSubscriptionsAsync(TopicWorkload.Pattern)));
        Assert.Equal([TopicWorkload.Pattern], (await cluster.DriveAsync(registry.GetIfChangedAsync(Guid.Empty)))!.Patterns);

        var topics = cluster.Client.GetStreamProvider(StreamProviderNames.Default);
        for (var i = 0; i <= 5; i++)
        {
            await cluster.DriveAsync(topics.PublishAsync(TopicWorkload.Topic, i));
        }

        await cluster.EventuallyAsync(() => Task.FromResult(log.Of("pattern-0").Any(d => d.Number == 5)), Deadline, $"pattern-0 should get 5 ({TopicOrder.Describe(log.Of("pattern-0"))})");
        Assert.Equal(Enumerable.Range(0, 6), log.Of("pattern-0").Select(d => d.Number));
    }
}
