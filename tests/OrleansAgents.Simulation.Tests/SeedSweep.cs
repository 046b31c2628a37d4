using OrleansAgents.TestingHost;
using Xunit;
using Xunit.Abstractions;

namespace OrleansAgents.Simulation.Tests;

/// <summary>The loop of every sweep test: one simulation per seed, each seed's figures written to the test output.</summary>
internal static class SeedSweep
{
    /// <summary>
    /// Runs <paramref name="body"/> in a simulation with <paramref name="faults"/> for each seed of
    /// <see cref="SimulationSeeds.Sweep"/> (<paramref name="defaultCount"/> unless the environment says otherwise);
    /// returns how many seeds ran. A failing seed fails the test, naming the seed.
    /// </summary>
    public static async Task<int> RunAsync(ITestOutputHelper output, int defaultCount, SimulationFaults faults, Func<TestingHost.Simulation, Task> body)
    {
        var seeds = SimulationSeeds.Sweep(defaultCount);
        foreach (var seed in seeds)
        {
            var report = await TestingHost.Simulation.RunAsync(new SimulationOptions { Seed = seed, Faults = faults }, body);
            output.WriteLine($"seed {seed}: {report.Steps} steps, {report.VirtualTime} virtual in {report.WallTime.TotalMilliseconds:F0} ms, trace {report.TraceHash:x16}");
        }

        return seeds.Count;
    }

    /// <summary>Runs <paramref name="scenarios"/> on a fresh shared-cluster fixture, disposing it afterwards whatever happens.</summary>
    public static async Task WithFixtureAsync<TFixture>(Func<TFixture, Task> scenarios)
        where TFixture : IAsyncLifetime, new()
    {
        var fixture = new TFixture();
        await fixture.InitializeAsync();
        try
        {
            await scenarios(fixture);
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }
}
