using Xunit;

namespace OrleansAgents.Testing.Tests.Chaos;

public sealed class ChaosSeedTests
{
    [Fact]
    public void A_draw_is_a_function_of_seed_scope_and_index_spread_over_zero_to_one()
    {
        var seed = new ChaosSeed(1234);
        Assert.Equal(seed.Draw("a", 3), new ChaosSeed(1234).Draw("a", 3));
        Assert.NotEqual(seed.Draw("a", 3), seed.Draw("a", 4));
        Assert.NotEqual(seed.Draw("a", 3), seed.Draw("b", 3));
        Assert.NotEqual(seed.Draw("a", 3), new ChaosSeed(1235).Draw("a", 3));

        var draws = Enumerable.Range(0, 10_000).Select(i => seed.Draw("spread", i)).ToArray();
        Assert.All(draws, d => Assert.InRange(d, 0.0, 0.9999999999));
        Assert.InRange(draws.Count(d => d < 0.1), 900, 1100);
    }

    [Fact]
    public void The_rerun_command_names_the_seed_the_project_and_the_filter()
    {
        Assert.Equal(
            "OA_CHAOS_SEED=17 dotnet test tests/X.Tests --filter \"FullyQualifiedName~Sweep\"",
            new ChaosSeed(17).RerunCommand("tests/X.Tests", "FullyQualifiedName~Sweep"));
    }
}
