using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansAgents.Hosting;
using OrleansAgents.Postgres.Tests.Fixtures;
using OrleansAgents.Postgres.Tests.TestGrains;
using OrleansAgents.Testing.Postgres;
using Xunit;
using Xunit.Abstractions;

namespace OrleansAgents.Postgres.Tests.Integration;

[Collection(PostgresCollection.Name)]
public sealed class StoppedDatabaseTests(PostgresServerFixture fixture, ITestOutputHelper output)
{
    private readonly string _storage = PostgresServerFixture.UniqueName("stopped");
    private readonly string _reminders = PostgresServerFixture.UniqueName("stopped_reminders");

    [Fact]
    public async Task Writing_state_while_the_database_is_stopped_fails_at_the_caller_and_is_not_reported_as_written()
    {
        if (!fixture.OwnsServer)
        {
            await WritingToAnUnreachableDatabaseFailsAtTheCallerAsync();
            return;
        }

        await using var cluster = PostgresTestClusters.Build(fixture.ConnectionString, _storage, _reminders, new TickProbe());
        await cluster.DeployAsync();
        var grain = cluster.Client.GetGrain<INoteGrain>("ada");
        await grain.SetAsync("written");

        await fixture.StopServerAsync();
        Exception failure;
        try
        {
            failure = await Assert.ThrowsAsync<PostgresProviderException>(() => grain.SetAsync("lost"));
        }
        finally
        {
            await fixture.StartServerAsync();
        }

        output.WriteLine($"The caller saw: {failure.GetType().Name}: {failure.Message}");
        Assert.Contains("PostgreSQL grain storage 'pg' could not write state 's' of grain note/ada", failure.Message);
        Assert.Equal("written", await ReadStoredTextAsync());

        // Once the database is back, the same activation writes again (its ETag was never advanced by the failure).
        await TestingHost.Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    await grain.SetAsync("after restart");
                    return true;
                }
                catch (PostgresProviderException)
                {
                    return false;
                }
            },
            "a write to succeed once the database is running again",
            TimeSpan.FromSeconds(15));
        Assert.Equal("after restart", await ReadStoredTextAsync());
    }

    private async Task WritingToAnUnreachableDatabaseFailsAtTheCallerAsync()
    {
        // The tests may not stop a server they were given; a database nobody listens for stands in for it.
        await using var cluster = PostgresTestClusters.Build(PostgresServerFixture.UnreachableConnectionString(), _storage, null, new TickProbe());
        await cluster.DeployAsync();

        var failure = await Assert.ThrowsAsync<PostgresProviderException>(() => cluster.Client.GetGrain<INoteGrain>("ada").SetAsync("lost"));

        output.WriteLine($"The caller saw: {failure.GetType().Name}: {failure.Message}");
        Assert.Contains("PostgreSQL grain storage 'pg' could not", failure.Message);
    }

    private async Task<string?> ReadStoredTextAsync()
    {
        await using var storage = new PostgresGrainStorage("check", new PostgresStorageOptions { ConnectionString = fixture.ConnectionString, TableName = _storage }, TimeProvider.System, NullLogger<PostgresGrainStorage>.Instance);
        var record = await storage.ReadAsync("s", new GrainId("note", new GrainKey("ada")), default)
            ?? throw new InvalidOperationException("The note's record is missing.");
        return JsonNode.Parse(Encoding.UTF8.GetString(record.Json.Span))!["Text"]?.GetValue<string>();
    }
}
