using OrleansAgents.Runtime.Tests.Fixtures;
using OrleansAgents.Runtime.Tests.TestGrains;
using Xunit;

namespace OrleansAgents.Runtime.Tests;

[Collection(ClusterCollection.Name)]
public sealed class GrainKeyTests(ClusterFixture fixture)
{
    [Fact]
    public async Task String_guid_and_integer_keys_reach_the_grain_unchanged()
    {
        var guid = Guid.NewGuid();
        Assert.Equal("ключ-🔑", await fixture.Cluster.Client.GetGrain<IStringKeyGrain>("ключ-🔑").GetKeyAsync());
        Assert.Equal(guid, await fixture.Cluster.Client.GetGrain<IGuidKeyGrain>(guid).GetKeyAsync());
        Assert.Equal(-42L, await fixture.Cluster.Client.GetGrain<ILongKeyGrain>(-42).GetKeyAsync());
    }

    [Fact]
    public async Task Compound_keys_carry_base_and_extension()
    {
        var guid = Guid.NewGuid();
        Assert.Equal($"{guid}|ext", await fixture.Cluster.Client.GetGrain<IGuidCompoundGrain>(guid, "ext").GetKeyAsync());
        Assert.Equal("7|a+b", await fixture.Cluster.Client.GetGrain<ILongCompoundGrain>(7, "a+b").GetKeyAsync());
    }
}
