using System.Globalization;

namespace OrleansAgents.TestingHost;

/// <summary>Which seeds to run: one from <c>ORLEANSAGENTS_SIM_SEED</c> to replay a failure, or a sweep of <c>ORLEANSAGENTS_SIM_SEEDS</c> seeds.</summary>
public static class SimulationSeeds
{
    /// <summary>The variable that replays one seed.</summary>
    public const string SeedVariable = "ORLEANSAGENTS_SIM_SEED";

    /// <summary>The variable that sets how many seeds a sweep runs (thousands locally; CI keeps the default).</summary>
    public const string CountVariable = "ORLEANSAGENTS_SIM_SEEDS";

    /// <summary>The seed <c>ORLEANSAGENTS_SIM_SEED</c> names, or 1.</summary>
    public static int FromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : 1;

    /// <summary>
    /// The seeds of a sweep: only <c>ORLEANSAGENTS_SIM_SEED</c> when it is set (replaying a failure), else
    /// <c>ORLEANSAGENTS_SIM_SEEDS</c> seeds (default <paramref name="defaultCount"/>) from <paramref name="first"/>.
    /// </summary>
    public static IReadOnlyList<int> Sweep(int defaultCount, int first = 1)
    {
        if (int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var replay))
        {
            return [replay];
        }

        var count = int.TryParse(Environment.GetEnvironmentVariable(CountVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : defaultCount;
        return [.. Enumerable.Range(first, count)];
    }
}
