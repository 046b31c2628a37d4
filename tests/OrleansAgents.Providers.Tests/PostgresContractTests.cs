using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansAgents.Hosting;
using OrleansAgents.Providers.Tests.Servers;
using Xunit;

namespace OrleansAgents.Providers.Tests;

/// <summary>
/// The ETag semantics of the grain storage and reminder queries, through Orleans' own ADO.NET providers as a
/// <c>UseAgentPostgres</c> silo resolves them.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresContractTests(PostgresServer server)
{
    [Fact]
    public async Task Grain_storage_and_reminders_keep_their_etag_contract()
    {
        var database = await server.CreateDatabaseAsync();
        await PostgresSchema.MigrateAsync(database, CancellationToken.None);
        await using var cluster = await AgentCluster.StartAsync($"svc-{Guid.NewGuid():N}", $"cluster-{Guid.NewGuid():N}",
            silo => silo.UseAgentPostgres(o => o.ConnectionString = database),
            client => client.UseAgentPostgresClustering(o => o.ConnectionString = database));
        var storage = cluster.SiloServices.GetRequiredKeyedService<IGrainStorage>("Default");
        var grain = GrainId.Create("contract", Guid.NewGuid().ToString("N"));

        var first = new GrainState<List<string>> { State = ["one"] };
        await storage.WriteStateAsync("note", grain, first);
        Assert.Equal("1", first.ETag);
        var stale = new GrainState<List<string>> { State = ["stale"], ETag = first.ETag };
        first.State = ["two"];
        await storage.WriteStateAsync("note", grain, first);
        Assert.Equal("2", first.ETag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("note", grain, stale));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("note", grain, new GrainState<List<string>> { State = ["new"] }));

        var read = new GrainState<List<string>>();
        await storage.ReadStateAsync("note", grain, read);
        Assert.Equal(["two"], read.State);
        Assert.Equal(("2", true), (read.ETag, read.RecordExists));

        await storage.ClearStateAsync("note", grain, read);
        var cleared = new GrainState<List<string>>();
        await storage.ReadStateAsync("note", grain, cleared);
        Assert.False(cleared.RecordExists);
        Assert.Empty(cleared.State ?? ["missing"]);
        Assert.Equal("3", cleared.ETag);

        var reminders = cluster.SiloServices.GetRequiredService<IReminderTable>();
        var entry = new ReminderEntry { GrainId = grain, ReminderName = "tick", StartAt = DateTime.UtcNow, Period = TimeSpan.FromMinutes(1) };
        var etag = await reminders.UpsertRow(entry) ?? throw new InvalidOperationException("no etag");
        var stored = await reminders.ReadRow(grain, "tick") ?? throw new InvalidOperationException("no row");
        Assert.Equal(("tick", TimeSpan.FromMinutes(1), etag), (stored.ReminderName, stored.Period, stored.ETag));
        Assert.Contains((await reminders.ReadRows(grain)).Reminders, r => r.ReminderName == "tick");
        var hash = grain.GetUniformHashCode();
        Assert.Contains((await reminders.ReadRows(hash - 1, hash)).Reminders, r => r.GrainId == grain);
        var newer = await reminders.UpsertRow(entry) ?? throw new InvalidOperationException("no etag");
        Assert.NotEqual(etag, newer);
        Assert.False(await reminders.RemoveRow(grain, "tick", etag));
        Assert.True(await reminders.RemoveRow(grain, "tick", newer));
        Assert.Null(await reminders.ReadRow(grain, "tick"));
    }
}
