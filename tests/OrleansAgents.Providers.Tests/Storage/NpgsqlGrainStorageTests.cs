using Orleans.Storage;
using OrleansAgents.Hosting;
using OrleansAgents.Providers.Tests.Servers;
using Xunit;

namespace OrleansAgents.Providers.Tests.Storage;

/// <summary>The project's Npgsql grain storage against a real PostgreSQL: ETags, group commit, clear and delete.</summary>
[Collection(PostgresCollection.Name)]
public sealed class NpgsqlGrainStorageTests(PostgresServer server)
{
    [Fact]
    public async Task A_written_state_reads_back_with_its_etag()
    {
        await using var storage = await NpgsqlStorage.CreateAsync(await server.CreateDatabaseAsync());
        var grain = NpgsqlStorage.Grain("round-trip");
        var missing = await storage.ReadAsync(grain);
        Assert.Null(missing.ETag);
        Assert.False(missing.RecordExists);
        Assert.Empty(missing.State!);

        var state = new GrainState<List<string>>(["one", "two"]);
        await storage.Storage.WriteStateAsync("state", grain, state);
        state.State!.Add("three");
        await storage.Storage.WriteStateAsync("state", grain, state);
        var read = await storage.ReadAsync(grain);

        Assert.Equal(["one", "two", "three"], read.State);
        Assert.Equal("2", state.ETag);
        Assert.Equal(state.ETag, read.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal((true, 2), await storage.RowAsync(grain));
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused_and_changes_nothing()
    {
        await using var storage = await NpgsqlStorage.CreateAsync(await server.CreateDatabaseAsync());
        var grain = NpgsqlStorage.Grain("stale");
        await storage.Storage.WriteStateAsync("state", grain, new GrainState<List<string>>(["first"]));
        var current = await storage.ReadAsync(grain);
        current.State!.Add("second");
        await storage.Storage.WriteStateAsync("state", grain, current);

        var stale = new GrainState<List<string>>(["stale"], "1");
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.Storage.WriteStateAsync("state", grain, stale));
        var noEtag = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.Storage.WriteStateAsync("state", grain, new GrainState<List<string>>(["new"])));

        Assert.Contains("Version conflict (WriteState)", error.Message, StringComparison.Ordinal);
        Assert.Contains("ETag=1", error.Message, StringComparison.Ordinal);
        Assert.Contains("ETag=.", noEtag.Message, StringComparison.Ordinal);
        Assert.Equal("1", stale.ETag);
        Assert.Equal(["first", "second"], (await storage.ReadAsync(grain)).State);
        Assert.Equal((true, 2), await storage.RowAsync(grain));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Of_two_concurrent_writers_to_one_grain_one_wins_and_the_other_gets_InconsistentStateException(bool rowExists)
    {
        await using var storage = await NpgsqlStorage.CreateAsync(await server.CreateDatabaseAsync());
        for (var round = 0; round < 20; round++)
        {
            var grain = NpgsqlStorage.Grain($"contended-{round}");
            string? etag = null;
            if (rowExists)
            {
                var first = new GrainState<List<string>>(["before"]);
                await storage.Storage.WriteStateAsync("state", grain, first);
                etag = first.ETag;
            }

            var (a, b) = (new GrainState<List<string>>(["a"], etag), new GrainState<List<string>>(["b"], etag));
            var writes = new[] { storage.Storage.WriteStateAsync("state", grain, a), storage.Storage.WriteStateAsync("state", grain, b) };
            var outcomes = await Task.WhenAll(writes.Select(async w =>
            {
                try
                {
                    await w;
                    return null;
                }
                catch (InconsistentStateException exception)
                {
                    return exception;
                }
            }));

            Assert.Single(outcomes, o => o is null);
            Assert.Single(outcomes, o => o is not null);
            var winner = outcomes[0] is null ? a : b;
            var stored = await storage.ReadAsync(grain);
            Assert.Equal(winner.State, stored.State);
            Assert.Equal(winner.ETag, stored.ETag);
        }
    }

    [Fact]
    public async Task In_one_batch_a_conflicting_write_fails_alone_and_the_others_land()
    {
        // A batch of inserts (no ETag: one set-based INSERT) and ETag-checked writes (orleans_write_states), sent together.
        await using var storage = await NpgsqlStorage.CreateAsync(await server.CreateDatabaseAsync());
        var payload = new byte[] { 1, 2, 3 };
        var (existing, taken, updated) = (Key("existing"), Key("taken"), Key("updated"));
        List<PostgresStateOperation> seeds = [new(existing, payload, null, delete: false), new(taken, payload, null, delete: false), new(updated, payload, null, delete: false)];
        await storage.Table.Writer.ExecuteBatchAsync(seeds);
        Assert.Equal(new int?[] { 1, 1, 1 }, await Task.WhenAll(seeds.Select(o => o.Completion.Task)));

        List<PostgresStateOperation> batch =
        [
            new(Key("new-1"), payload, null, delete: false),
            new(existing, payload, 7, delete: false),
            new(Key("new-2"), payload, null, delete: false),
            new(PostgresStateKey.For("other", NpgsqlStorage.Grain("existing")), payload, null, delete: false),
            new(taken, new byte[] { 9 }, null, delete: false),
            new(updated, new byte[] { 8 }, 1, delete: false),
        ];
        await storage.Table.Writer.ExecuteBatchAsync(batch);
        var versions = await Task.WhenAll(batch.Select(o => o.Completion.Task));

        Assert.Equal(new int?[] { 1, null, 1, 1, null, 2 }, versions);
        Assert.Equal((true, 1), await storage.RowAsync(NpgsqlStorage.Grain("existing")));
        Assert.Equal((true, 1), await storage.RowAsync(NpgsqlStorage.Grain("new-1")));
        Assert.Equal((true, 1), await storage.RowAsync(NpgsqlStorage.Grain("existing"), "other"));
        Assert.Equal((true, 1), await storage.RowAsync(NpgsqlStorage.Grain("taken")));
        Assert.Equal((true, 2), await storage.RowAsync(NpgsqlStorage.Grain("updated")));

        // Through the grain storage, a write with no ETag over an existing row is a conflict, and changes nothing.
        var stale = new GrainState<string>("lost");
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.Storage.WriteStateAsync("state", NpgsqlStorage.Grain("taken"), stale));
        Assert.Equal((true, 1), await storage.RowAsync(NpgsqlStorage.Grain("taken")));

        static PostgresStateKey Key(string grain) => PostgresStateKey.For("state", NpgsqlStorage.Grain(grain));
    }

    [Fact]
    public async Task Concurrent_writes_of_many_grains_share_batches_and_each_lands()
    {
        await using var storage = await NpgsqlStorage.CreateAsync(await server.CreateDatabaseAsync(), o => o.ConcurrentWriteBatches = 1);
        var states = Enumerable.Range(0, 200).Select(i => (Grain: NpgsqlStorage.Grain($"many-{i}"), State: new GrainState<List<string>>([$"value {i}"]))).ToList();

        await Task.WhenAll(states.Select(s => storage.Storage.WriteStateAsync("state", s.Grain, s.State)));

        Assert.All(states, s => Assert.Equal("1", s.State.ETag));
        Assert.True(storage.Table.Writer.BatchesSent < states.Count, $"{states.Count} concurrent writes went in {storage.Table.Writer.BatchesSent} batches: none was grouped.");
        foreach (var (grain, state) in states.Take(10))
        {
            Assert.Equal(state.State, (await storage.ReadAsync(grain)).State);
        }
    }

    [Fact]
    public async Task Clear_keeps_the_row_without_a_payload_and_bumps_the_etag()
    {
        await using var storage = await NpgsqlStorage.CreateAsync(await server.CreateDatabaseAsync());
        var grain = NpgsqlStorage.Grain("cleared");
        var state = new GrainState<List<string>>(["kept until cleared"]);
        await storage.Storage.WriteStateAsync("state", grain, state);

        await storage.Storage.ClearStateAsync("state", grain, state);
        var read = await storage.ReadAsync(grain);

        Assert.Equal("2", state.ETag);
        Assert.False(state.RecordExists);
        Assert.Empty(state.State!);
        Assert.Equal(("2", false), (read.ETag, read.RecordExists));
        Assert.Empty(read.State!);
        Assert.Equal((false, 2), await storage.RowAsync(grain));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.Storage.ClearStateAsync("state", grain, new GrainState<List<string>>([], "1")));

        state.State!.Add("written again");
        await storage.Storage.WriteStateAsync("state", grain, state);
        Assert.Equal(["written again"], (await storage.ReadAsync(grain)).State);
    }

    [Fact]
    public async Task Clear_with_DeleteStateOnClear_deletes_the_row_and_a_later_write_starts_over()
    {
        await using var storage = await NpgsqlStorage.CreateAsync(await server.CreateDatabaseAsync(), o => o.DeleteStateOnClear = true);
        var grain = NpgsqlStorage.Grain("deleted");
        var state = new GrainState<List<string>>(["short-lived"]);
        await storage.Storage.WriteStateAsync("state", grain, state);
        await storage.Storage.WriteStateAsync("state", grain, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.Storage.ClearStateAsync("state", grain, new GrainState<List<string>>([], "1")));
        await storage.Storage.ClearStateAsync("state", grain, state);

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.Null(await storage.RowAsync(grain));
        var read = await storage.ReadAsync(grain);
        Assert.Null(read.ETag);

        // Clearing what does not exist is a no-op; the next write inserts version 1.
        await storage.Storage.ClearStateAsync("state", grain, read);
        await storage.Storage.WriteStateAsync("state", grain, state);
        Assert.Equal("1", state.ETag);
    }
}
