using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansAgents.Hosting;
using OrleansAgents.Postgres.Tests.Fixtures;
using OrleansAgents.Postgres.Tests.TestGrains;
using OrleansAgents.Testing.Postgres;
using Xunit;

namespace OrleansAgents.Postgres.Tests.Integration;

[Collection(PostgresCollection.Name)]
public sealed class ReminderAcrossRestartsTests(PostgresServerFixture fixture)
{
    private static readonly TimeSpan DueTime = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);
    private readonly string _storage = PostgresServerFixture.UniqueName("ticks");
    private readonly string _reminders = PostgresServerFixture.UniqueName("tick_reminders");

    [Fact]
    public async Task A_reminder_registered_before_a_silo_restart_fires_after_it()
    {
        var before = new TickProbe();
        var registeredAt = TimeProvider.System.GetTimestamp();
        await using (var first = PostgresTestClusters.Build(fixture.ConnectionString, _storage, _reminders, before))
        {
            await first.DeployAsync();
            await first.Client.GetGrain<ITickGrain>("clock").StartAsync(DueTime, Period);
        }

        // The reminder must not have fired before its silo went away, or the rest proves nothing.
        Assert.True(
            before.Count == 0 && TimeProvider.System.GetElapsedTime(registeredAt) < DueTime,
            $"The first cluster was disposed {TimeProvider.System.GetElapsedTime(registeredAt)} after registering, after the reminder's due time {DueTime} ({before.Count} ticks); the test needs the silo gone before the first tick.");

        var after = new TickProbe();
        await using var second = PostgresTestClusters.Build(fixture.ConnectionString, _storage, _reminders, after);
        await second.DeployAsync();

        var tick = await Eventually.CompletesAsync(
            after.FirstTick,
            TimeSpan.FromSeconds(20),
            $"reminder '{TickGrain.ReminderName}' of grain 'clock', registered in a silo that is gone, to fire in the new silo");
        Assert.Equal(("clock", TickGrain.ReminderName), tick);

        // The probe records a tick only after the grain wrote it to its PostgreSQL-backed state.
        await using var storage = new PostgresGrainStorage("check", new PostgresStorageOptions { ConnectionString = fixture.ConnectionString, TableName = _storage }, TimeProvider.System, NullLogger<PostgresGrainStorage>.Instance);
        var record = await storage.ReadAsync("ticks", new GrainId(TickGrain.GrainTypeName, new GrainKey("clock")), default);
        Assert.NotNull(record);
        Assert.True(JsonNode.Parse(record.Json.Span)!["Ticks"]!.GetValue<int>() >= 1, $"Stored state: {Encoding.UTF8.GetString(record.Json.Span)}");
    }
}
