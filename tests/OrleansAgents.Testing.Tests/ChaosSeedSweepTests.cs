using Xunit;

namespace OrleansAgents.Testing.Tests;

/// <summary>Which seeds a sweep runs, from its environment variables (read through a dictionary here, not the process's).</summary>
public sealed class ChaosSeedSweepTests
{
    [Fact]
    public void Without_variables_a_sweep_runs_seeds_1_to_its_default_count() =>
        Assert.Equal([1, 2, 3], Sweep(3));

    [Fact]
    public void A_count_and_a_first_seed_make_a_slice_of_a_long_sweep() =>
        Assert.Equal([501, 502, 503, 504], Sweep(20, (ChaosSeed.SeedCountVariable, "4"), (ChaosSeed.FirstSeedVariable, "501")));

    [Fact]
    public void A_first_seed_alone_keeps_the_default_count() =>
        Assert.Equal([7, 8], Sweep(2, (ChaosSeed.FirstSeedVariable, "7")));

    [Fact]
    public void One_seed_wins_over_a_count_and_a_first_seed() =>
        Assert.Equal([42], Sweep(20, (ChaosSeed.SeedVariable, "42"), (ChaosSeed.SeedCountVariable, "4"), (ChaosSeed.FirstSeedVariable, "501")));

    [Theory]
    [InlineData("abc")]
    [InlineData("2147483647")]
    public void A_first_seed_that_is_not_a_number_or_leaves_no_room_for_the_count_is_refused(string first)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Sweep(5, (ChaosSeed.FirstSeedVariable, first)));
        Assert.Contains(ChaosSeed.FirstSeedVariable, refused.Message, StringComparison.Ordinal);
    }

    private static IReadOnlyList<int> Sweep(int defaultCount, params (string Name, string Value)[] variables)
    {
        var set = variables.ToDictionary(v => v.Name, v => v.Value);
        return ChaosSeed.SweepSeeds(defaultCount, name => set.GetValueOrDefault(name));
    }
}
