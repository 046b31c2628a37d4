using OrleansAgents.Postgres.Tests.Fixtures;
using OrleansAgents.Postgres.Tests.TestGrains;
using OrleansAgents.Testing.Postgres;
using Xunit;

namespace OrleansAgents.Postgres.Tests.Integration;

[Collection(PostgresCollection.Name)]
public sealed class PersistentStateAcrossRestartsTests(PostgresServerFixture fixture)
{
    private readonly string _storage = PostgresServerFixture.UniqueName("state");
    private readonly string _reminders = PostgresServerFixture.UniqueName("state_reminders");

    [Fact]
    public async Task State_written_by_one_cluster_is_read_by_a_new_cluster_on_the_same_database()
    {
        await using (var first = PostgresTestClusters.Build(fixture.ConnectionString, _storage, _reminders, new TickProbe()))
        {
            await first.DeployAsync();
            await first.Client.GetGrain<INoteGrain>("ada").SetAsync("remember me");
        }

        await using var second = PostgresTestClusters.Build(fixture.ConnectionString, _storage, _reminders, new TickProbe());
        await second.DeployAsync();

        Assert.Equal("remember me", await second.Client.GetGrain<INoteGrain>("ada").GetAsync());
        Assert.Null(await second.Client.GetGrain<INoteGrain>("nobody").GetAsync());
    }

    [Fact]
    public async Task State_survives_a_silo_restart_and_keeps_accepting_writes()
    {
        await using var cluster = PostgresTestClusters.Build(fixture.ConnectionString, _storage, _reminders, new TickProbe());
        await cluster.DeployAsync();
        await cluster.Client.GetGrain<INoteGrain>("grace").SetAsync("first");

        await cluster.RestartSiloAsync(cluster.Primary);

        var grain = cluster.Client.GetGrain<INoteGrain>("grace");
        Assert.Equal("first", await grain.GetAsync());
        await grain.SetAsync("second");
        Assert.Equal("second", await grain.GetAsync());
    }
}
