using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansAgents.Hosting;
using OrleansAgents.Postgres.Tests.Fixtures;
using OrleansAgents.Runtime;
using OrleansAgents.Testing.Postgres;
using Xunit;

namespace OrleansAgents.Postgres.Tests.Clustering;

[Collection(PostgresCollection.Name)]
public sealed class PostgresMembershipTableTests(PostgresServerFixture fixture) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private readonly string _table = PostgresServerFixture.UniqueName("membership");
    private readonly string _clusterId = PostgresServerFixture.UniqueName("cluster");
    private readonly List<PostgresMembershipTable> _tables = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var table in _tables)
        {
            await table.DisposeAsync();
        }
    }

    [Fact]
    public async Task Upsert_inserts_a_row_then_replaces_it_while_it_is_alive()
    {
        var table = await CreateTableAsync();
        var silo = NewSilo();
        var joining = new MembershipEntry(silo, "silo-a", SiloStatus.Joining, Start, Start);
        var active = joining with { Status = SiloStatus.Active, IAmAliveTime = Start.AddSeconds(1) };

        Assert.True(await table.UpsertAsync(joining, default));
        Assert.Equal([joining], await table.ReadAllAsync(default));
        Assert.True(await table.UpsertAsync(active, default));
        Assert.Equal([active], await table.ReadAllAsync(default));
    }

    [Fact]
    public async Task A_heartbeat_moves_only_the_IAmAlive_time()
    {
        var table = await CreateTableAsync();
        var entry = new MembershipEntry(NewSilo(), "silo-a", SiloStatus.Active, Start, Start);
        await table.UpsertAsync(entry, default);

        await table.UpdateIAmAliveAsync(entry.Silo, Start.AddMinutes(3), default);
        await table.UpdateIAmAliveAsync(NewSilo(), Start.AddMinutes(3), default);

        Assert.Equal([entry with { IAmAliveTime = Start.AddMinutes(3) }], await table.ReadAllAsync(default));
    }

    [Fact]
    public async Task Declaring_a_silo_dead_reports_a_change_exactly_once_even_when_silos_race()
    {
        var first = await CreateTableAsync();
        var second = await CreateTableAsync();
        var entry = new MembershipEntry(NewSilo(), "silo-a", SiloStatus.Active, Start, Start);
        await first.UpsertAsync(entry, default);

        var results = await Task.WhenAll(
            Enumerable.Range(0, 6).Select(i => (i % 2 == 0 ? first : second).DeclareDeadAsync(entry.Silo, default)));

        Assert.Single(results, changed => changed);
        Assert.False(await first.DeclareDeadAsync(entry.Silo, default));
        Assert.Equal(SiloStatus.Dead, Assert.Single(await second.ReadAllAsync(default)).Status);
    }

    [Fact]
    public async Task Declaring_an_unknown_silo_dead_changes_nothing()
    {
        var table = await CreateTableAsync();

        Assert.False(await table.DeclareDeadAsync(NewSilo(), default));
        Assert.Empty(await table.ReadAllAsync(default));
    }

    [Fact]
    public async Task A_dead_row_is_never_resurrected_by_an_upsert()
    {
        var table = await CreateTableAsync();
        var entry = new MembershipEntry(NewSilo(), "silo-a", SiloStatus.Active, Start, Start);
        await table.UpsertAsync(entry, default);
        await table.DeclareDeadAsync(entry.Silo, default);

        Assert.False(await table.UpsertAsync(entry with { IAmAliveTime = Start.AddMinutes(1) }, default));

        Assert.Equal([entry with { Status = SiloStatus.Dead }], await table.ReadAllAsync(default));
    }

    [Fact]
    public async Task Clusters_sharing_a_table_do_not_see_each_other()
    {
        var table = await CreateTableAsync();
        var other = await CreateTableAsync(PostgresServerFixture.UniqueName("cluster"));
        var silo = NewSilo();
        await table.UpsertAsync(new MembershipEntry(silo, "silo-a", SiloStatus.Active, Start, Start), default);

        Assert.Empty(await other.ReadAllAsync(default));
        Assert.False(await other.DeclareDeadAsync(silo, default));
        Assert.Equal(SiloStatus.Active, Assert.Single(await table.ReadAllAsync(default)).Status);
    }

    [Fact]
    public async Task A_stopped_database_fails_start_up_and_every_call_with_a_message_naming_the_operation()
    {
        await using var table = new PostgresMembershipTable(
            Options.Create(new PostgresClusteringOptions { ConnectionString = PostgresServerFixture.UnreachableConnectionString(), ClusterId = "down" }),
            NullLogger<PostgresMembershipTable>.Instance);
        var silo = NewSilo();

        var init = await Assert.ThrowsAsync<PostgresProviderException>(() => table.InitializeAsync(default));
        var dead = await Assert.ThrowsAsync<PostgresProviderException>(() => table.DeclareDeadAsync(silo, default));

        Assert.StartsWith("PostgreSQL membership table (cluster 'down') could not create its table", init.Message);
        Assert.StartsWith($"PostgreSQL membership table (cluster 'down') could not declare silo {silo} dead", dead.Message);
    }

    private static SiloAddress NewSilo() => new($"127.0.0.1:{Random.Shared.Next(1024, 65535)}", Random.Shared.NextInt64(1, long.MaxValue));

    private async Task<PostgresMembershipTable> CreateTableAsync(string? clusterId = null)
    {
        var table = new PostgresMembershipTable(
            Options.Create(new PostgresClusteringOptions { ConnectionString = fixture.ConnectionString, TableName = _table, ClusterId = clusterId ?? _clusterId }),
            NullLogger<PostgresMembershipTable>.Instance);
        _tables.Add(table);
        await table.InitializeAsync(default);
        return table;
    }
}
