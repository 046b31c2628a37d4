using OrleansAgents.Streams.Tests.Fixtures;
using OrleansAgents.Streams.Tests.TestGrains;
using OrleansAgents.Streams.Topics;

namespace OrleansAgents.Streams.Tests;

[Collection(StreamCollection.Name)]
public sealed class TopicTests(StreamClusterFixture fixture)
{
    private TestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task A_pattern_subscription_gets_exactly_the_matching_topics_including_streams_active_before_it()
    {
        var run = Unique();
        var publisher = Cluster.Client.GetGrain<IPublisherGrain>(run);
        var earlyTopic = $"agents{run}.early.alerts";
        await publisher.PublishAsync(StreamProviderNames.Default, TopicPattern.Namespace, earlyTopic, 1000, 1);

        var subscriber = Cluster.Client.GetGrain<ISubscriberGrain>($"pattern-{run}");
        await subscriber.SubscribeToPatternAsync(StreamProviderNames.Default, TopicPattern.Namespace, $"agents{run}.*.alerts");

        var topics = new (string Topic, int Value, bool Matches)[]
        {
            (earlyTopic, 1, true),
            ($"agents{run}.a.alerts", 2, true),
            ($"agents{run}.b.alerts", 3, true),
            ($"agents{run}.a.info", 4, false),
            ($"agents{run}.a.b.alerts", 5, false),
            ($"other{run}.a.alerts", 6, false),
        };
        foreach (var (topic, value, _) in topics)
        {
            await publisher.PublishAsync(StreamProviderNames.Default, TopicPattern.Namespace, topic, value, 1);
        }

        // A marker on a matching topic, published last: once it is in, everything before it was delivered.
        await publisher.PublishAsync(StreamProviderNames.Default, TopicPattern.Namespace, $"agents{run}.zz.alerts", 99, 1);
        await Eventually.TrueAsync(() => fixture.Probe.ValuesOf($"pattern-{run}").Contains(99), "the marker arrives");
        await Eventually.TrueAsync(() => fixture.Probe.ValuesOf($"pattern-{run}").Count >= 4, "every matching topic's event arrives");
        Assert.Equal([1, 2, 3, 99], fixture.Probe.ValuesOf($"pattern-{run}").Order());
    }

    [Fact]
    public async Task A_pattern_subscriber_that_was_deactivated_is_reactivated_by_a_matching_topic_and_resumes()
    {
        var run = Unique();
        var name = $"pattern-resume-{run}";
        var subscriber = Cluster.Client.GetGrain<ISubscriberGrain>(name);
        await subscriber.SubscribeToPatternAsync(StreamProviderNames.Default, TopicPattern.Namespace, $"jobs{run}.**");
        var publisher = Cluster.Client.GetGrain<IPublisherGrain>(run);
        await publisher.PublishAsync(StreamProviderNames.Default, TopicPattern.Namespace, $"jobs{run}.a", 1, 1);
        await Eventually.TrueAsync(() => fixture.Probe.ValuesOf(name).Count == 1, "the first event arrives");

        await subscriber.DeactivateAsync();
        await Eventually.TrueAsync(() => !Cluster.Silos.Any(s => s.HostsActivation(new GrainId("subscriber", new GrainKey(name)))), "the subscriber deactivates");
        await publisher.PublishAsync(StreamProviderNames.Default, TopicPattern.Namespace, $"jobs{run}.b.c", 2, 1);

        await Eventually.TrueAsync(() => fixture.Probe.ValuesOf(name).Count == 2, "the matching event reactivates the subscriber");
        Assert.Equal([1, 2], fixture.Probe.ReceivedBy(name).Select(r => r.Activation));
    }

    [Fact]
    public async Task A_client_reads_several_topics_and_patterns_at_once_as_topic_messages()
    {
        var run = Unique();
        var streams = fixture.Streams;
        var received = new List<TopicMessage>();
        var collected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handles = await streams.SubscribeToTopicsAsync(
            [$"jobs{run}.done", $"agents{run}.**"],
            new StreamObserver<TopicMessage>((message, _) =>
            {
                lock (received)
                {
                    received.Add(message);
                    if (received.Count == 3)
                    {
                        collected.TrySetResult();
                    }
                }

                return Task.CompletedTask;
            }));

        await streams.PublishAsync($"jobs{run}.done", new { Id = 1 });
        await streams.PublishAsync($"jobs{run}.started", new { Id = 2 });
        await streams.PublishAsync($"agents{run}", new { Id = 3 });
        await streams.PublishAsync($"agents{run}.x.y", new { Id = 4 });

        await collected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        lock (received)
        {
            Assert.Equal([1, 3, 4], received.Select(m => m.Payload.GetProperty("Id").GetInt32()).Order());
            Assert.Contains(received, m => m.Topic == $"agents{run}.x.y");
        }

        foreach (var handle in handles)
        {
            await handle.UnsubscribeAsync();
        }
    }

    [Fact]
    public async Task ReadTopicsAsync_streams_messages_until_cancelled_and_then_ends_cleanly()
    {
        var run = Unique();
        var streams = fixture.Streams;
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var reader = Task.Run(async () =>
        {
            var seen = new List<string>();
            await foreach (var message in streams.ReadTopicsAsync([$"alerts{run}.*"], cancellationToken: cancel.Token))
            {
                seen.Add(message.GetPayload<string>()!);
                if (seen.Count == 2)
                {
                    await cancel.CancelAsync();
                }
            }

            return seen;
        });

        await Eventually.TrueAsync(
            async () =>
            {
                await streams.PublishAsync($"alerts{run}.probe", "probe");
                return reader.IsCompleted;
            },
            "the reader subscribes, reads two messages and stops");
        var seen = await reader;
        Assert.Equal(2, seen.Count);
    }

    [Fact]
    public async Task Publishing_to_an_invalid_topic_or_subscribing_to_an_invalid_pattern_fails_with_the_reason()
    {
        var streams = fixture.Streams;
        var error = await Assert.ThrowsAsync<ArgumentException>(() => streams.PublishAsync("bad topic", 1));
        Assert.Contains("contains ' '", error.Message, StringComparison.Ordinal);
        var patternError = await Assert.ThrowsAsync<ArgumentException>(() => streams.SubscribeToTopicAsync("a.b**", new StreamObserver<TopicMessage>((_, _) => Task.CompletedTask)));
        Assert.Contains("whole segment", patternError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pattern_subscriptions_outside_the_allowed_namespaces_are_refused()
    {
        var error = await Assert.ThrowsAsync<NotSupportedException>(() =>
            fixture.Streams.SubscribeToPatternAsync("numbers", "a.*", new StreamObserver<int>((_, _) => Task.CompletedTask)));
        Assert.Contains("PatternNamespaces", error.Message, StringComparison.Ordinal);
    }

    private static string Unique() => Guid.NewGuid().ToString("N")[..8];
}
