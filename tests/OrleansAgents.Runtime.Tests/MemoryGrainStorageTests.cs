using System.Text;
using Xunit;

namespace OrleansAgents.Runtime.Tests;

public sealed class MemoryGrainStorageTests
{
    private static readonly GrainId Grain = new("g", new GrainKey("1"));
    private readonly MemoryGrainStorage _storage = new();

    [Fact]
    public async Task Insert_requires_that_no_record_exists()
    {
        var etag = await _storage.WriteAsync("s", Grain, Json("1"), null, default);
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteAsync("s", Grain, Json("2"), null, default));
        Assert.Equal(etag, (await _storage.ReadAsync("s", Grain, default))!.ETag);
    }

    [Fact]
    public async Task Of_two_writers_holding_the_same_etag_exactly_one_wins()
    {
        var etag = await _storage.WriteAsync("s", Grain, Json("0"), null, default);
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(async i =>
        {
            try
            {
                await _storage.WriteAsync("s", Grain, Json(i.ToString()), etag, default);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        }));
        Assert.Single(results, won => won);
    }

    [Fact]
    public async Task Clear_with_a_stale_etag_fails_and_keeps_the_record()
    {
        var first = await _storage.WriteAsync("s", Grain, Json("1"), null, default);
        await _storage.WriteAsync("s", Grain, Json("2"), first, default);
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearAsync("s", Grain, first, default));
        Assert.Equal("2", Encoding.UTF8.GetString((await _storage.ReadAsync("s", Grain, default))!.Json.Span));
    }

    private static byte[] Json(string value) => Encoding.UTF8.GetBytes(value);
}
