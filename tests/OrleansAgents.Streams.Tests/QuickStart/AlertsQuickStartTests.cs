using OrleansAgents;
using OrleansAgents.Streams;
using OrleansAgents.Streams.Topics;
using OrleansAgents.Testing;
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

    public Task WatchAsync(string pattern) =>
        this.GetStreamProvider(StreamProviderNames.Default).SubscribeToTopicAsync(pattern, new OrleansAgents.Streams.Tests.TestGrains.TopicObserver(OnAlertAsync));

    public Task<int> GetCountAsync() => Task.FromResult(_count);

    private Task OnAlertAsync(TopicMessage alert)
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
        await using var cluster = await new AgentTestClusterBuilder(2).UseRealTime().DeployAsync();
        var counter = cluster.Client.GetGrain<IAlertCounterGrain>("ops");
        await counter.WatchAsync("agents.*.alerts");

        var topics = cluster.Client.GetStreamProvider(StreamProviderNames.Default);
        await topics.PublishAsync("agents.summarize.alerts", new { Level = "warn" });
        await topics.PublishAsync("agents.summarize.progress", new { Percent = 50 });
        await topics.PublishAsync("agents.translate.alerts", new { Level = "error" });

        await cluster.EventuallyAsync(async () => await counter.GetCountAsync() >= 2, TimeSpan.FromSeconds(20), "two alerts are counted");

        // One more alert: the count is exactly three, the progress message never matched.
        await topics.PublishAsync("agents.summarize.alerts", new { Level = "info" });
        await cluster.EventuallyAsync(async () => await counter.GetCountAsync() >= 3, TimeSpan.FromSeconds(20), "the marker is counted");
        Assert.Equal(3, await counter.GetCountAsync());
    }
}
