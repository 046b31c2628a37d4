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
    private readonly TaskCompletionSource _two = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    public Task WatchAsync(string pattern) =>
        this.GetStreamProvider(StreamProviderNames.Default).SubscribeToTopicAsync(pattern, new OrleansAgents.Streams.Tests.TestGrains.TopicObserver(OnAlertAsync));

    public async Task<int> GetCountAsync()
    {
        await _two.Task.WaitAsync(TimeSpan.FromSeconds(20));
        return _count;
    }

    private Task OnAlertAsync(TopicMessage alert)
    {
        if (++_count == 2)
        {
            _two.TrySetResult();
        }

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

        Assert.Equal(2, await counter.GetCountAsync());
    }
}
