using OrleansAgents.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using OrleansAgents.Agents;
using OrleansAgents.Streams.Tests.Fixtures;
using OrleansAgents.Streams.Tests.TestGrains;
using OrleansAgents.Streams.Topics;

namespace OrleansAgents.Streams.Tests;

[Collection(TopicCollection.Name)]
public sealed class TopicTests(TopicClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private TopicProbe Probe => fixture.Probe;

    private IStreamProvider Streams => fixture.Streams;

    [Fact]
    public async Task Messages_of_a_topic_reach_exact_and_pattern_subscribers_of_grains_and_clients_in_order()
    {
        var run = Unique();
        var topic = $"orders{run}.eu";
        await Subscriber($"exact-{run}").SubscribeAsync(topic);
        await Subscriber($"pattern-{run}").SubscribeAsync($"orders{run}.*");
        var handle = await Streams.SubscribeToTopicAsync($"orders{run}.**", Probe.Observer($"client-{run}"));

        await fixture.Client.GetGrain<IPublisherGrain>(run).PublishAsync(topic, 0, 200);

        foreach (var subscriber in new[] { $"exact-{run}", $"pattern-{run}", $"client-{run}" })
        {
            await Probe.WaitForCountAsync(subscriber, 200);
            Assert.Equal(Enumerable.Range(0, 200), Probe.ValuesOf(subscriber));
            Assert.All(Probe.ReceivedBy(subscriber), r => Assert.Equal(topic, r.Topic));
        }

        await handle.UnsubscribeAsync();
    }

    [Fact]
    public async Task Many_subscribers_grains_and_clients_each_get_every_message_in_order()
    {
        var run = Unique();
        var grains = Enumerable.Range(0, 20).Select(i => $"many-{run}-{i}").ToArray();
        await Task.WhenAll(grains.Select(g => Subscriber(g).SubscribeAsync($"many{run}.*")));
        var clients = Enumerable.Range(0, 3).Select(i => $"many-client-{run}-{i}").ToArray();
        foreach (var client in clients)
        {
            await Streams.SubscribeToTopicAsync($"many{run}.x", Probe.Observer(client));
        }

        for (var i = 0; i < 100; i++)
        {
            await Streams.PublishAsync($"many{run}.x", i);
        }

        foreach (var subscriber in grains.Concat(clients))
        {
            await Probe.WaitForCountAsync(subscriber, 100);
            Assert.Equal(Enumerable.Range(0, 100), Probe.ValuesOf(subscriber));
        }

        var silos = grains.Select(g => Probe.ReceivedBy(g)[0].Silo).Distinct().Count();
        Assert.True(silos > 1, "the subscribers are spread over several silos");
    }

    [Fact]
    public async Task A_pattern_subscription_gets_exactly_the_matching_topics()
    {
        var run = Unique();
        var name = $"matching-{run}";
        await Subscriber(name).SubscribeAsync($"agents{run}.*.alerts");

        var topics = new (string Topic, int Value)[]
        {
            ($"agents{run}.a.info", 4),
            ($"agents{run}.a.b.alerts", 5),
            ($"other{run}.a.alerts", 6),
            ($"agents{run}.alerts", 7),
            ($"agents{run}.a.alerts", 1),
            ($"agents{run}.b.alerts", 2),
            ($"agents{run}.c-1.alerts", 3),
        };
        foreach (var (topic, value) in topics)
        {
            await Streams.PublishAsync(topic, value);
        }

        await Probe.WaitForCountAsync(name, 3);
        Assert.Equal([1, 2, 3], Probe.ValuesOf(name).Order());
        Assert.All(Probe.ReceivedBy(name), r => Assert.True(TopicPattern.Matches($"agents{run}.*.alerts", r.Topic)));
    }

    [Fact]
    public async Task Several_patterns_matching_one_topic_each_get_its_messages()
    {
        var run = Unique();
        var patterns = new[] { $"multi{run}.*", $"multi{run}.**", $"multi{run}.?", $"**" };
        foreach (var (pattern, i) in patterns.Select((p, i) => (p, i)))
        {
            await Subscriber($"multi-{run}-{i}").SubscribeAsync(pattern);
        }

        await Streams.PublishAsync($"multi{run}.z", 42);

        for (var i = 0; i < patterns.Length; i++)
        {
            await Probe.WaitForCountAsync($"multi-{run}-{i}", 1);
        }

        for (var i = 0; i < patterns.Length; i++)
        {
            var received = Probe.ReceivedBy($"multi-{run}-{i}").Where(r => r.Topic == $"multi{run}.z");
            Assert.Equal([42], received.Select(r => r.Value));
        }

        await Subscriber($"multi-{run}-3").UnsubscribeAsync("**");
    }

    [Fact]
    public async Task A_pattern_subscriber_that_was_deactivated_is_reactivated_by_a_matching_topic_and_resumes()
    {
        var run = Unique();
        var name = $"resume-{run}";
        var subscriber = Subscriber(name);
        await subscriber.SubscribeAsync($"jobs{run}.**");
        await Streams.PublishAsync($"jobs{run}.a", 1);
        await Probe.WaitForCountAsync(name, 1);

        await fixture.Cluster.Cluster.DeactivateAsync(subscriber);
        await Streams.PublishAsync($"jobs{run}.b.c", 2);

        await Probe.WaitForCountAsync(name, 2);
        Assert.Equal([1, 2], Probe.ReceivedBy(name).Select(r => r.Activation));
        Assert.Equal([1, 2], Probe.ValuesOf(name));
    }

    [Fact]
    public async Task A_client_subscribes_to_several_topics_and_patterns_at_once_and_gets_topic_messages()
    {
        var run = Unique();
        var name = $"several-{run}";
        var handles = await Streams.SubscribeToTopicsAsync([$"jobs{run}.done", $"agents{run}.**", $"jobs{run}.done"], Probe.Observer(name));
        Assert.Equal(2, handles.Count);

        await Streams.PublishAsync($"jobs{run}.done", 1);
        await Streams.PublishAsync($"jobs{run}.started", 2);
        await Streams.PublishAsync($"agents{run}", 3);
        await Streams.PublishAsync($"agents{run}.x.y", 4);

        await Probe.WaitForCountAsync(name, 3);
        Assert.Equal([1, 3, 4], Probe.ValuesOf(name).Order());
        Assert.Contains(Probe.ReceivedBy(name), m => m.Topic == $"agents{run}.x.y");

        foreach (var handle in handles)
        {
            await handle.UnsubscribeAsync();
        }
    }

    [Fact]
    public async Task ReadTopicsAsync_yields_exactly_the_messages_read_before_cancellation_and_then_ends_cleanly()
    {
        var run = Unique();
        using var cancel = new CancellationTokenSource(Deadline);
        var subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Run(async () =>
        {
            var seen = new List<int>();
            await foreach (var message in Streams.ReadTopicsAsync([$"alerts{run}.*"], cancellationToken: cancel.Token))
            {
                if (message.Topic == $"alerts{run}.probe")
                {
                    subscribed.TrySetResult();
                    continue;
                }

                seen.Add(message.GetPayload<int>());
                if (seen.Count == 2)
                {
                    await cancel.CancelAsync();
                }
            }

            return seen;
        });

        // The reader subscribes when it starts enumerating: probe until a probe comes back, so that the subscription is
        // in place before the counted messages are published.
        await ProbeUntilAsync(() => Streams.PublishAsync($"alerts{run}.probe", 0), subscribed.Task);

        // Three on one topic (kept in order); the reader cancels after the second, and must not yield the third even
        // when it is already buffered.
        for (var i = 1; i <= 3; i++)
        {
            await Streams.PublishAsync($"alerts{run}.real", i);
        }

        var seen = await reader.WaitAsync(Deadline);
        Assert.Equal([1, 2], seen);
    }

    [Fact]
    public async Task Publishing_to_an_invalid_topic_or_subscribing_to_an_invalid_pattern_fails_with_the_reason()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Streams.PublishAsync("bad topic", 1));
        Assert.Contains("contains ' '", error.Message, StringComparison.Ordinal);
        var patternError = await Assert.ThrowsAsync<ArgumentException>(() => Streams.SubscribeToTopicAsync("a.b**", Probe.Observer("never")));
        Assert.Contains("whole segment", patternError.Message, StringComparison.Ordinal);
        var manyError = await Assert.ThrowsAsync<ArgumentException>(() => Streams.SubscribeToTopicsAsync([$"fine{Unique()}.*", "a..b"], Probe.Observer("never")));
        Assert.Contains("empty segment", manyError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsubscribed_grains_and_clients_get_nothing_more_while_others_still_do_and_an_unused_pattern_is_unregistered()
    {
        var run = Unique();
        var pattern = $"leave{run}.*";
        var stays = Subscriber($"stays-{run}");
        var leaves = Subscriber($"leaves-{run}");
        await stays.SubscribeAsync(pattern);
        await leaves.SubscribeAsync(pattern);
        var client = await Streams.SubscribeToTopicAsync(pattern, Probe.Observer($"client-leaves-{run}"));
        var exactClient = await Streams.SubscribeToTopicAsync($"leave{run}.t", Probe.Observer($"exact-leaves-{run}"));

        for (var i = 0; i < 5; i++)
        {
            await Streams.PublishAsync($"leave{run}.t", i);
        }

        foreach (var subscriber in new[] { $"stays-{run}", $"leaves-{run}", $"client-leaves-{run}", $"exact-leaves-{run}" })
        {
            await Probe.WaitForCountAsync(subscriber, 5);
        }

        var registry = fixture.Client.GetGrain<ITopicPatternRegistryGrain>(StreamProviderNames.Default);
        await leaves.UnsubscribeAsync(pattern);
        await client.UnsubscribeAsync();
        await exactClient.UnsubscribeAsync();
        Assert.Contains(pattern, (await registry.GetIfChangedAsync(Guid.Empty))!.Patterns);

        for (var i = 5; i < 10; i++)
        {
            await Streams.PublishAsync($"leave{run}.t", i);
        }

        await Probe.WaitForCountAsync($"stays-{run}", 10);
        Assert.Equal(Enumerable.Range(0, 10), Probe.ValuesOf($"stays-{run}"));
        Assert.Equal(Enumerable.Range(0, 5), Probe.ValuesOf($"leaves-{run}"));
        Assert.Equal(Enumerable.Range(0, 5), Probe.ValuesOf($"client-leaves-{run}"));
        Assert.Equal(Enumerable.Range(0, 5), Probe.ValuesOf($"exact-leaves-{run}"));

        await stays.UnsubscribeAsync(pattern);
        Assert.DoesNotContain(pattern, (await registry.GetIfChangedAsync(Guid.Empty))?.Patterns ?? []);
    }

    [Fact]
    public async Task Code_on_each_silo_outside_any_grain_subscribes_and_publishes_and_every_silo_gets_every_message()
    {
        var run = Unique();
        var silos = fixture.Cluster.Cluster.Silos;
        var providers = silos.Select(s => s.ServiceProvider.GetRequiredKeyedService<IStreamProvider>(StreamProviderNames.Default)).ToArray();

        // This test's thread is no grain's: Orleans binds such subscriptions to the silo's hosted client.
        var handles = new List<StreamSubscriptionHandle<TopicMessage>>();
        for (var i = 0; i < providers.Length; i++)
        {
            handles.Add(await providers[i].SubscribeToTopicAsync($"cross{run}.*", Probe.Observer($"silo-{run}-{i}", $"silo{i}")));
        }

        for (var i = 0; i < providers.Length; i++)
        {
            await providers[i].PublishAsync($"cross{run}.from{i}", i);
        }

        for (var i = 0; i < providers.Length; i++)
        {
            await Probe.WaitForCountAsync($"silo-{run}-{i}", providers.Length);
            Assert.Equal(Enumerable.Range(0, providers.Length), Probe.ValuesOf($"silo-{run}-{i}").Order());
        }

        foreach (var handle in handles)
        {
            await handle.UnsubscribeAsync();
        }
    }

    [Fact]
    public async Task An_agent_publishes_on_a_topic_and_a_client_pattern_subscription_receives_it()
    {
        var run = Unique();
        var received = new TaskCompletionSource<TopicMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handle = await Streams.SubscribeToTopicAsync(
            $"agents{run}.*.done",
            new TopicObserver(message => Task.FromResult(received.TrySetResult(message))));

        var task = await fixture.Cluster.ClientFor("topics").SubmitAsync(TopicPublishingAgent.Name, $"agents{run}.publisher.done");

        var message = await received.Task.WaitAsync(Deadline);
        Assert.Equal($"agents{run}.publisher.done", message.Topic);
        Assert.Equal(task.TaskId, message.Payload.GetProperty("task").GetString());
        await handle.UnsubscribeAsync();
    }

    [Fact]
    public async Task An_agent_subscribed_to_a_pattern_receives_what_a_client_publishes()
    {
        var run = Unique();
        var client = fixture.Cluster.ClientFor("topics");
        var task = await client.SubmitAsync(TopicListeningAgent.Name, $"inbox{run}.**");

        // The agent subscribes when it starts (off any grain's context, through the silo's hosted client); publish
        // until it has heard one.
        AgentTaskSnapshot? finished = null;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await ProbeUntilAsync(
            async () =>
            {
                await client.PublishAsync($"inbox{run}.for.agent", "ping");
                if ((finished = await client.GetAsync(task.TaskId)).Status.IsTerminal())
                {
                    done.TrySetResult();
                }
            },
            done.Task);

        Assert.Equal(AgentTaskStatus.Succeeded, finished!.Status);
        Assert.Equal("ping", finished.Output?.GetString());
    }

    /// <summary>Runs <paramref name="probe"/> until <paramref name="signal"/> completes, waiting up to 200 ms for it after each run.</summary>
    private static async Task ProbeUntilAsync(Func<Task> probe, Task signal)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!signal.IsCompleted)
        {
            if (TimeProvider.System.GetElapsedTime(started) > Deadline)
            {
                throw new TimeoutException($"Not within {Deadline}: the probe is answered.");
            }

            await probe();
            try
            {
                await signal.WaitAsync(TimeSpan.FromMilliseconds(200));
            }
            catch (TimeoutException)
            {
                // Not yet: probe again.
            }
        }
    }

    private ISubscriberGrain Subscriber(string name) => fixture.Client.GetGrain<ISubscriberGrain>(name);

    private static string Unique() => Guid.NewGuid().ToString("N")[..8];
}
