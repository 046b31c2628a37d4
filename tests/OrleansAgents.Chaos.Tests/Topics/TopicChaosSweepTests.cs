namespace OrleansAgents.Chaos.Tests.Topics;

/// <summary>The topic workload under storage, call and silo faults, over a sweep of seeds.</summary>
public sealed class TopicChaosSweepTests(ITestOutputHelper output)
{
    [Fact]
    public Task Topic_subscribers_get_messages_in_order_without_gaps_within_an_epoch_for_every_seed() =>
        ChaosSweep.RunAsync(output, nameof(Topic_subscribers_get_messages_in_order_without_gaps_within_an_epoch_for_every_seed), defaultCount: 20, TopicWorkload.RunAsync);
}
