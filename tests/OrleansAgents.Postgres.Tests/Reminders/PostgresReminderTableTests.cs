using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansAgents.Hosting;
using OrleansAgents.Postgres.Tests.Fixtures;
using OrleansAgents.Runtime;
using OrleansAgents.Testing.Postgres;
using Xunit;

namespace OrleansAgents.Postgres.Tests.Reminders;

[Collection(PostgresCollection.Name)]
public sealed class PostgresReminderTableTests(PostgresServerFixture fixture) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private readonly string _table = PostgresServerFixture.UniqueName("reminders");
    private readonly List<PostgresReminderTable> _tables = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var table in _tables)
        {
            await table.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_upserted_reminder_reads_back_by_name_by_grain_and_in_all()
    {
        var table = await CreateTableAsync();
        var grain = NewGrain();
        var entry = new ReminderEntry(grain, "wake", Start, TimeSpan.FromMinutes(5));

        var etag = await table.UpsertRowAsync(entry, default);

        var expected = entry with { ETag = etag };
        Assert.Equal(expected, await table.ReadRowAsync(grain, "wake", default));
        Assert.Equal([expected], await table.ReadRowsAsync(grain, default));
        Assert.Contains(expected, await table.ReadAllAsync(default));
        Assert.Null(await table.ReadRowAsync(grain, "other", default));
    }

    [Fact]
    public async Task An_upsert_of_an_existing_reminder_replaces_it_with_a_new_etag()
    {
        var table = await CreateTableAsync();
        var grain = NewGrain();
        var first = await table.UpsertRowAsync(new ReminderEntry(grain, "wake", Start, TimeSpan.FromMinutes(5)), default);

        var second = await table.UpsertRowAsync(new ReminderEntry(grain, "wake", Start.AddHours(1), TimeSpan.FromMinutes(7)), default);

        Assert.NotEqual(first, second);
        var row = await table.ReadRowAsync(grain, "wake", default);
        Assert.Equal(new ReminderEntry(grain, "wake", Start.AddHours(1), TimeSpan.FromMinutes(7), second), row);
        Assert.Single(await table.ReadRowsAsync(grain, default));
    }

    [Fact]
    public async Task Remove_with_a_stale_etag_returns_false_and_keeps_the_row_then_the_current_etag_removes_it()
    {
        var table = await CreateTableAsync();
        var grain = NewGrain();
        var stale = await table.UpsertRowAsync(new ReminderEntry(grain, "wake", Start, TimeSpan.FromMinutes(5)), default);
        var current = await table.UpsertRowAsync(new ReminderEntry(grain, "wake", Start, TimeSpan.FromMinutes(6)), default);

        Assert.False(await table.RemoveRowAsync(grain, "wake", stale, default));
        Assert.NotNull(await table.ReadRowAsync(grain, "wake", default));
        Assert.False(await table.RemoveRowAsync(grain, "wake", "not-an-etag", default));

        Assert.True(await table.RemoveRowAsync(grain, "wake", current, default));
        Assert.Null(await table.ReadRowAsync(grain, "wake", default));
        Assert.False(await table.RemoveRowAsync(grain, "wake", current, default));
    }

    [Fact]
    public async Task Reminders_of_other_grains_and_other_services_stay_apart()
    {
        var table = await CreateTableAsync();
        var otherService = await CreateTableAsync("other-service");
        var grain = NewGrain();
        var other = NewGrain();
        await table.UpsertRowAsync(new ReminderEntry(grain, "a", Start, TimeSpan.FromMinutes(1)), default);
        await table.UpsertRowAsync(new ReminderEntry(grain, "b", Start, TimeSpan.FromMinutes(1)), default);
        await table.UpsertRowAsync(new ReminderEntry(other, "a", Start, TimeSpan.FromMinutes(1)), default);
        await otherService.UpsertRowAsync(new ReminderEntry(grain, "c", Start, TimeSpan.FromMinutes(1)), default);

        Assert.Equal(["a", "b"], (await table.ReadRowsAsync(grain, default)).Select(r => r.ReminderName).Order());
        Assert.Equal(3, (await table.ReadAllAsync(default)).Count);
        Assert.Equal(["c"], (await otherService.ReadAllAsync(default)).Select(r => r.ReminderName));
    }

    [Fact]
    public async Task A_stopped_database_fails_start_up_and_every_call_with_a_message_naming_the_operation()
    {
        await using var table = new PostgresReminderTable(
            Options.Create(new PostgresReminderOptions { ConnectionString = PostgresServerFixture.UnreachableConnectionString() }),
            NullLogger<PostgresReminderTable>.Instance);
        var grain = NewGrain();

        var init = await Assert.ThrowsAsync<PostgresProviderException>(() => table.InitializeAsync(default));
        var upsert = await Assert.ThrowsAsync<PostgresProviderException>(() => table.UpsertRowAsync(new ReminderEntry(grain, "wake", Start, TimeSpan.FromMinutes(1)), default));

        Assert.StartsWith("PostgreSQL reminder table (service 'default') could not create its table", init.Message);
        Assert.StartsWith($"PostgreSQL reminder table (service 'default') could not write reminder 'wake' of grain {grain}", upsert.Message);
    }

    private static GrainId NewGrain() => new("remindertest", new GrainKey(Guid.NewGuid().ToString("N")));

    private async Task<PostgresReminderTable> CreateTableAsync(string serviceId = "default")
    {
        var table = new PostgresReminderTable(
            Options.Create(new PostgresReminderOptions { ConnectionString = fixture.ConnectionString, TableName = _table, ServiceId = serviceId }),
            NullLogger<PostgresReminderTable>.Instance);
        _tables.Add(table);
        await table.InitializeAsync(default);
        return table;
    }
}
