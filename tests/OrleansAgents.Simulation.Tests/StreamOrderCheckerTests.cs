using OrleansAgents.TestingHost;
using Xunit;

namespace OrleansAgents.Simulation.Tests;

/// <summary>The stream invariant over synthetic delivery logs (streams plug their recorded logs into it).</summary>
public sealed class StreamOrderCheckerTests
{
    [Fact]
    public void An_in_order_log_with_duplicates_and_a_late_subscription_holds() =>
        Assert.Null(StreamOrderChecker.Check(
            [E("a", 1), E("a", 2), E("a", 2), E("b", 3), E("a", 3), E("b", 4), E("a", 1), E("a", 4)],
            new Dictionary<string, long> { ["s"] = 4 }));

    [Fact]
    public void A_gap_is_a_violation() =>
        Assert.Contains("missing", StreamOrderChecker.Check([E("a", 1), E("a", 2), E("a", 4)]));

    [Fact]
    public void An_event_out_of_order_is_a_violation() =>
        Assert.Contains("out of order", StreamOrderChecker.Check([E("a", 2), E("a", 3), E("a", 1)]));

    [Fact]
    public void A_subscriber_that_stops_short_of_the_last_published_event_is_a_violation() =>
        Assert.Contains("stopped at event 2", StreamOrderChecker.Check([E("a", 1), E("a", 2)], new Dictionary<string, long> { ["s"] = 3 }));

    [Fact]
    public void Subscribers_and_streams_are_checked_separately() =>
        Assert.Null(StreamOrderChecker.Check([E("a", 1), E("b", 5), new DeliveredEvent("a", "t", 9), E("a", 2), E("b", 6)]));

    private static DeliveredEvent E(string subscriber, long sequence) => new(subscriber, "s", sequence);
}
