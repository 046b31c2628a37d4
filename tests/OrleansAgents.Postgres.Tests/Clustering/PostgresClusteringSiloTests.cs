using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansAgents.Hosting;
using OrleansAgents.Postgres.Tests.Fixtures;
using OrleansAgents.Runtime;
using OrleansAgents.Testing.Postgres;
using Xunit;

namespace OrleansAgents.Postgres.Tests.Clustering;

[Collection(PostgresCollection.Name)]
public sealed class PostgresClusteringSiloTests(PostgresServerFixture fixture)
{
    private readonly string _table = PostgresServerFixture.UniqueName("silo_membership");
    private readonly string _clusterId = PostgresServerFixture.UniqueName("cluster");

    [Fact]
    public async Task A_silo_registers_itself_as_active_under_its_cluster_id_and_leaves_as_dead()
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddOrleansAgentsSilo(null, silo =>
        {
            silo.Configure<SiloOptions>(o =>
            {
                o.SiloName = "pg-silo";
                o.ClusterId = _clusterId;
            });
            silo.UsePostgresClustering(o =>
            {
                o.ConnectionString = fixture.ConnectionString;
                o.TableName = _table;
            });
        });
        using var host = builder.Build();
        await using var table = new PostgresMembershipTable(
            Options.Create(new PostgresClusteringOptions { ConnectionString = fixture.ConnectionString, TableName = _table, ClusterId = _clusterId }),
            NullLogger<PostgresMembershipTable>.Instance);

        await host.StartAsync();
        var running = Assert.Single(await table.ReadAllAsync(default));
        Assert.Equal(("pg-silo", SiloStatus.Active), (running.SiloName, running.Status));
        Assert.IsType<PostgresMembershipTable>(host.Services.GetRequiredService<IMembershipTable>());

        await host.StopAsync();
        var stopped = Assert.Single(await table.ReadAllAsync(default));
        Assert.Equal((running.Silo, SiloStatus.Dead), (stopped.Silo, stopped.Status));
        Assert.False(await table.UpsertAsync(running, default));
    }
}
