using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OrleansAgents.Runtime.Tests.Fixtures;
using OrleansAgents.Runtime.Tests.TestGrains;
using Xunit;

namespace OrleansAgents.Runtime.Tests;

[Collection(ClusterCollection.Name)]
public sealed class PersistenceTests(ClusterFixture fixture)
{
    private IGrainStorage Storage => fixture.Cluster.Primary.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);

    [Fact]
    public async Task State_written_by_one_activation_is_read_by_the_next()
    {
        var key = Guid.NewGuid().ToString();
        var grain = fixture.Cluster.Client.GetGrain<IStatefulGrain>(key);
        Assert.Null(await grain.GetEtagAsync());
        await grain.IncrementAsync("one");
        await grain.IncrementAsync("два");

        var before = await grain.GetActivationIdAsync();
        await grain.DeactivateAsync();
        Assert.NotEqual(before, await grain.GetActivationIdAsync());

        var state = await grain.GetAsync();
        Assert.Equal(2, state.Count);
        Assert.Equal(["one", "два"], state.Notes);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_fails_and_leaves_the_stored_state_unchanged()
    {
        var key = Guid.NewGuid().ToString();
        var grain = fixture.Cluster.Client.GetGrain<IStatefulGrain>(key);
        await grain.IncrementAsync("mine");
        var grainId = grain.GetGrainId();
        var stored = await Storage.ReadAsync("counter", grainId, default);

        var intruder = Encoding.UTF8.GetBytes("""{"Count":100,"Notes":["intruder"]}""");
        await Storage.WriteAsync("counter", grainId, intruder, stored!.ETag, default);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => grain.IncrementAsync("stale"));
        Assert.Contains("counter", error.Message);
        var after = await Storage.ReadAsync("counter", grainId, default);
        Assert.Contains("intruder", Encoding.UTF8.GetString(after!.Json.Span));
    }

    [Fact]
    public async Task Code_of_a_deactivated_activation_that_is_still_running_cannot_write_its_state()
    {
        var key = Guid.NewGuid().ToString();
        var grain = fixture.Cluster.Client.GetGrain<IStatefulGrain>(key);
        await grain.IncrementAsync("first");
        await grain.StartLateIncrementAsync("late");
        var before = await grain.GetActivationIdAsync();
        await grain.DeactivateAsync();
        Assert.NotEqual(before, await grain.GetActivationIdAsync());
        Assert.Equal(2, await grain.IncrementAsync("second"));

        // The old activation's flow wakes up after its activation is gone: its write must not land.
        var error = await LateWrites.Open(key).WaitAsync(TimeSpan.FromSeconds(10));

        var fenced = Assert.IsType<SiloUnavailableException>(error);
        Assert.Contains("its activation was deactivated", fenced.Message, StringComparison.Ordinal);
        var state = await grain.GetAsync();
        Assert.Equal(["first", "second"], state.Notes);
    }

    [Fact]
    public async Task Clear_removes_the_record_and_a_new_write_starts_from_empty()
    {
        var grain = fixture.Cluster.Client.GetGrain<IStatefulGrain>(Guid.NewGuid().ToString());
        await grain.IncrementAsync("a");
        await grain.ClearAsync();
        Assert.Null(await Storage.ReadAsync("counter", grain.GetGrainId(), default));
        Assert.Equal(0, (await grain.GetAsync()).Count);
        Assert.Equal(1, await grain.IncrementAsync("b"));
    }
}
