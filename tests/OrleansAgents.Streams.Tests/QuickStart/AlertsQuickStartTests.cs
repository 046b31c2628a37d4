using OrleansAgents;
using OrleansAgents.Hosting;
using OrleansAgents.Streams;
using OrleansAgents.Streams.Topics;
using OrleansAgents.TestingHost;
using Xunit;

namespace StreamsQuickStart;

public interface IAlertCounterGrain : IGrainWithStringKey
{
    Task WatchAsync(string pattern);

    Task<int> GetCountAsync();
}

public sealed class AlertCounterGrain : Grain, IAlertCounterGrain
{
    private int _count;

    // Subscriptions outlive the activation: a new activation attaches its observer again.
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var topics = GetStreamProvider(StreamProviderNames.Default);
        foreach (var handle in await topics.GetPatternSubscriptionHandlesAsync<TopicMessage>(TopicPattern.Namespace))
        {
            await handle.ResumeAsync(OnAlertAsync);
        }
    }

    public Task WatchAsync(string pattern) =>
        GetStreamProvider(StreamProviderNames.Default).SubscribeToTopicAsync(pattern, new StreamObserver<TopicMessage>(OnAlertAsync));

    public Task<int> GetCountAsync() => Task.FromResult(_count);

    private Task OnAlertAsync(TopicMessage alert, StreamSequenceToken? token)
    {
        _count++;
        return Task.CompletedTask;
    }
}

public sealed class AlertsQuickStartTests
{
    [Fact]
    public async Task A_grain_counts_the_alerts_of_every_agent_published_by_a_client()
    {
        await using var cluster = new TestClusterBuilder(2).ConfigureSilo(silo => silo.AddGrain<AlertCounterGrain>()).Build();
        await cluster.DeployAsync();
        var counter = cluster.Client.GetGrain<IAlertCounterGrain>("ops");
        await counter.WatchAsync("agents.*.alerts");

        var topics = cluster.Client.GetStreamProvider(StreamProviderNames.Default);
        await topics.PublishAsync("agents.summarize.alerts", new { Level = "warn" });
        await topics.PublishAsync("agents.summarize.progress", new { Percent = 50 });
        await topics.PublishAsync("agents.translate.alerts", new { Level = "error" });

        await Eventually.MatchAsync(counter.GetCountAsync, count => count == 2, "two alerts counted");
    }
}
