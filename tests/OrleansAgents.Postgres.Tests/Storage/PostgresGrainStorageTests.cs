using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansAgents.Hosting;
using OrleansAgents.Postgres.Tests.Fixtures;
using OrleansAgents.Testing.Postgres;
using Xunit;

namespace OrleansAgents.Postgres.Tests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class PostgresGrainStorageTests(PostgresServerFixture fixture) : IAsyncLifetime
{
    private const string State = "profile";
    private readonly string _table = PostgresServerFixture.UniqueName("storage");
    private readonly List<PostgresGrainStorage> _providers = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }
    }

    [Fact]
    public async Task Written_json_reads_back_equal_with_the_same_etag()
    {
        var storage = CreateStorage();
        var grain = NewGrain();
        var json = """{"name":"Ada","tags":["a","b"],"nested":{"n":1.5,"ok":true,"none":null},"text":"ünïcødé \"quoted\""}""";

        var etag = await storage.WriteAsync(State, grain, Encoding.UTF8.GetBytes(json), null, default);
        var record = await storage.ReadAsync(State, grain, default);

        Assert.NotNull(record);
        Assert.Equal(etag, record.ETag);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(record.Json.Span)), $"Read back {Encoding.UTF8.GetString(record.Json.Span)}");
    }

    [Fact]
    public async Task Reading_a_missing_record_returns_null()
    {
        Assert.Null(await CreateStorage().ReadAsync(State, NewGrain(), default));
    }

    [Fact]
    public async Task Each_write_returns_a_new_etag_and_the_latest_value_wins()
    {
        var storage = CreateStorage();
        var grain = NewGrain();
        var first = await storage.WriteAsync(State, grain, Json(1), null, default);
        var second = await storage.WriteAsync(State, grain, Json(2), first, default);

        Assert.NotEqual(first, second);
        Assert.Equal(2, await ReadValueAsync(storage, grain));
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_throws_and_leaves_the_stored_value_unchanged()
    {
        var storage = CreateStorage();
        var grain = NewGrain();
        var stale = await storage.WriteAsync(State, grain, Json(1), null, default);
        var current = await storage.WriteAsync(State, grain, Json(2), stale, default);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(State, grain, Json(3), stale, default));

        Assert.Equal(2, await ReadValueAsync(storage, grain));
        Assert.Equal(current, (await storage.ReadAsync(State, grain, default))!.ETag);
        Assert.Equal(current, conflict.StoredEtag);
        Assert.Equal(stale, conflict.CurrentEtag);
        Assert.Contains($"'{State}'", conflict.Message);
        Assert.Contains(grain.ToString(), conflict.Message);
        Assert.Contains($"expected ETag '{stale}'", conflict.Message);
        Assert.Contains($"found '{current}'", conflict.Message);
    }

    [Fact]
    public async Task An_insert_when_a_record_exists_throws_and_keeps_the_record()
    {
        var storage = CreateStorage();
        var grain = NewGrain();
        var etag = await storage.WriteAsync(State, grain, Json(1), null, default);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(State, grain, Json(9), null, default));

        Assert.Contains("expected ETag 'none'", conflict.Message);
        Assert.Contains($"found '{etag}'", conflict.Message);
        Assert.Equal(1, await ReadValueAsync(storage, grain));
    }

    [Fact]
    public async Task An_update_of_a_record_that_does_not_exist_throws_and_creates_nothing()
    {
        var storage = CreateStorage();
        var grain = NewGrain();

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(State, grain, Json(1), "42", default));

        Assert.Contains("found 'none'", conflict.Message);
        Assert.Null(await storage.ReadAsync(State, grain, default));
    }

    [Fact]
    public async Task A_clear_with_a_stale_etag_throws_and_keeps_the_record()
    {
        var storage = CreateStorage();
        var grain = NewGrain();
        var stale = await storage.WriteAsync(State, grain, Json(1), null, default);
        await storage.WriteAsync(State, grain, Json(2), stale, default);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearAsync(State, grain, stale, default));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearAsync(State, grain, null, default));

        Assert.Equal(2, await ReadValueAsync(storage, grain));
    }

    [Fact]
    public async Task Clear_then_write_with_no_etag_succeeds_with_an_etag_never_used_before()
    {
        var storage = CreateStorage();
        var grain = NewGrain();
        var before = await storage.WriteAsync(State, grain, Json(1), null, default);

        await storage.ClearAsync(State, grain, before, default);
        Assert.Null(await storage.ReadAsync(State, grain, default));
        await storage.ClearAsync(State, grain, null, default);
        var after = await storage.WriteAsync(State, grain, Json(2), null, default);

        Assert.NotEqual(before, after);
        Assert.Equal(2, await ReadValueAsync(storage, grain));
    }

    [Fact]
    public async Task An_etag_from_before_a_clear_cannot_overwrite_the_record_written_after_it()
    {
        var storage = CreateStorage();
        var grain = NewGrain();
        var old = await storage.WriteAsync(State, grain, Json(1), null, default);
        await storage.ClearAsync(State, grain, old, default);
        await storage.WriteAsync(State, grain, Json(2), null, default);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(State, grain, Json(3), old, default));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearAsync(State, grain, old, default));

        Assert.Equal(2, await ReadValueAsync(storage, grain));
    }

    [Fact]
    public async Task States_of_other_grains_and_other_state_names_are_separate()
    {
        var storage = CreateStorage();
        var grain = NewGrain();
        var other = NewGrain();
        await storage.WriteAsync(State, grain, Json(1), null, default);
        await storage.WriteAsync("other", grain, Json(2), null, default);
        await storage.WriteAsync(State, other, Json(3), null, default);

        Assert.Equal(1, await ReadValueAsync(storage, grain));
        Assert.Equal(3, await ReadValueAsync(storage, other));
        Assert.Equal(2, Value((await storage.ReadAsync("other", grain, default))!.Json));
    }

    [Fact]
    public async Task Two_providers_racing_on_the_same_record_have_exactly_one_winner_each_round()
    {
        var left = CreateStorage();
        var right = CreateStorage();
        var grain = NewGrain();
        string? etag = null;
        for (var round = 0; round < 20; round++)
        {
            var seen = etag;
            var attempts = new[] { left, right }.Select(p => Attempt(p.WriteAsync(State, grain, Json(round), seen, default))).ToArray();
            var results = await Task.WhenAll(attempts);

            var winners = results.Where(r => r.Etag is not null).ToArray();
            Assert.True(winners.Length == 1, $"Round {round}: expected exactly one winner, got {winners.Length}.");
            Assert.Single(results, r => r.Error is InconsistentStateException);
            etag = winners[0].Etag;
            var stored = await left.ReadAsync(State, grain, default);
            Assert.Equal(etag, stored!.ETag);
        }
    }

    [Fact]
    public async Task Providers_that_start_together_on_a_new_table_all_work()
    {
        var providers = Enumerable.Range(0, 6).Select(_ => CreateStorage()).ToArray();

        var etags = await Task.WhenAll(providers.Select(p => p.WriteAsync(State, NewGrain(), Json(1), null, default)));

        Assert.Equal(providers.Length, etags.Distinct().Count());
    }

    [Fact]
    public async Task Bytes_that_are_not_json_are_refused_with_a_provider_error()
    {
        var storage = CreateStorage();
        var grain = NewGrain();

        var error = await Assert.ThrowsAsync<PostgresProviderException>(() => storage.WriteAsync(State, grain, "not json"u8.ToArray(), null, default));

        Assert.Contains("PostgreSQL grain storage 'pg' could not write state", error.Message);
        Assert.Null(await storage.ReadAsync(State, grain, default));
    }

    [Fact]
    public async Task A_stopped_database_fails_every_operation_with_a_message_naming_provider_and_operation()
    {
        var storage = new PostgresGrainStorage("down", new PostgresStorageOptions { ConnectionString = PostgresServerFixture.UnreachableConnectionString() }, TimeProvider.System, NullLogger<PostgresGrainStorage>.Instance);
        _providers.Add(storage);
        var grain = NewGrain();

        var write = await Assert.ThrowsAsync<PostgresProviderException>(() => storage.WriteAsync(State, grain, Json(1), null, default));
        var read = await Assert.ThrowsAsync<PostgresProviderException>(() => storage.ReadAsync(State, grain, default));

        Assert.StartsWith($"PostgreSQL grain storage 'down' could not write state '{State}' of grain {grain}", write.Message);
        Assert.Contains("table", write.Message);
        Assert.IsAssignableFrom<Npgsql.NpgsqlException>(write.InnerException);
        Assert.StartsWith($"PostgreSQL grain storage 'down' could not read state '{State}' of grain {grain}", read.Message);
    }

    private static GrainId NewGrain() => new("storagetest", new GrainKey(Guid.NewGuid().ToString("N")));

    private static byte[] Json(int value) => Encoding.UTF8.GetBytes($$"""{"value":{{value}}}""");

    private static int Value(ReadOnlyMemory<byte> json) => JsonNode.Parse(json.Span)!["value"]!.GetValue<int>();

    private static async Task<int> ReadValueAsync(PostgresGrainStorage storage, GrainId grain) =>
        Value((await storage.ReadAsync(State, grain, default) ?? throw new InvalidOperationException($"No record for {grain}.")).Json);

    private static async Task<(string? Etag, Exception? Error)> Attempt(Task<string> write)
    {
        try
        {
            return (await write, null);
        }
        catch (Exception exception)
        {
            return (null, exception);
        }
    }

    private PostgresGrainStorage CreateStorage()
    {
        var storage = new PostgresGrainStorage("pg", new PostgresStorageOptions { ConnectionString = fixture.ConnectionString, TableName = _table }, TimeProvider.System, NullLogger<PostgresGrainStorage>.Instance);
        _providers.Add(storage);
        return storage;
    }
}
