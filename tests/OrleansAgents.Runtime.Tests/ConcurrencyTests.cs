using OrleansAgents.TestingHost;
using OrleansAgents.Runtime.Tests.Fixtures;
using OrleansAgents.Runtime.Tests.TestGrains;
using Xunit;

namespace OrleansAgents.Runtime.Tests;

[Collection(ClusterCollection.Name)]
public sealed class ConcurrencyTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_grain_runs_one_request_at_a_time()
    {
        var grain = fixture.Cluster.Client.GetGrain<ITurnGrain>(Guid.NewGuid().ToString());
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => grain.WorkAsync(yields: 5)));
        var report = await grain.GetReportAsync();
        Assert.Equal(20, report.Completed);
        Assert.Equal(1, report.MaxInFlight);
        Assert.Equal(1, report.MaxParallelTurns);
    }

    [Fact]
    public async Task A_reentrant_grain_interleaves_requests_but_never_runs_two_turns_in_parallel()
    {
        var grain = fixture.Cluster.Client.GetGrain<IReentrantTurnGrain>(Guid.NewGuid().ToString());
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => grain.WorkAsync(yields: 5)));
        var report = await grain.GetReportAsync();
        Assert.Equal(20, report.Completed);
        Assert.True(report.MaxInFlight > 1, $"expected interleaving, max in flight was {report.MaxInFlight}");
        Assert.Equal(1, report.MaxParallelTurns);
    }

    [Fact]
    public async Task An_always_interleave_query_answers_while_a_long_request_runs_and_a_normal_one_waits()
    {
        var grain = fixture.Cluster.Client.GetGrain<ITurnGrain>(Guid.NewGuid().ToString());
        var blocked = grain.BlockUntilReleasedAsync();
        await Eventually.TrueAsync(async () => await grain.StatusAsync() == "blocked", "the status query to answer while the request is blocked");
        var queued = grain.WorkAsync(yields: 1);
        Assert.Equal(0, (await grain.GetReportAsync()).Completed);
        Assert.False(queued.IsCompleted);
        await grain.ReleaseAsync();
        await blocked;
        await queued;
        Assert.Equal("released", await grain.StatusAsync());
        Assert.Equal(1, (await grain.GetReportAsync()).Completed);
    }
}
