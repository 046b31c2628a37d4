using OrleansAgents.TestingHost;
using Xunit;

namespace OrleansAgents.Simulation.Tests;

/// <summary>What the harness turns into failures with a seed: hangs, leaks, violated invariants.</summary>
public sealed class HarnessTests
{
    [Fact]
    public async Task A_test_that_waits_forever_fails_with_its_seed_instead_of_hanging()
    {
        var error = await Assert.ThrowsAsync<SimulationFailedException>(() => TestingHost.Simulation.RunAsync(
            new SimulationOptions { Seed = 42, MaxVirtualTime = TimeSpan.FromMinutes(5) },
            async _ =>
            {
                await using var cluster = new TestClusterBuilder(2).Build();
                await cluster.DeployAsync();
                await new TaskCompletionSource().Task;
            }));

        Assert.Contains("seed 42", error.Message);
        Assert.Contains($"{SimulationSeeds.SeedVariable}=42", error.Message);
        Assert.Contains("limits", error.Message);
    }

    [Fact]
    public async Task Awaiting_real_time_inside_a_simulation_is_reported_as_a_leak()
    {
        var error = await Assert.ThrowsAsync<SimulationFailedException>(() => TestingHost.Simulation.RunAsync(
            7,
            async _ => await Task.Delay(TimeSpan.FromMilliseconds(1), TimeProvider.System)));

        Assert.Contains("determinism leaks", error.Message);
    }

    [Fact]
    public async Task A_violated_invariant_fails_the_run_and_names_the_invariant_and_the_seed()
    {
        var error = await Assert.ThrowsAsync<SimulationFailedException>(() => TestingHost.Simulation.RunAsync(
            5,
            async simulation =>
            {
                simulation.AddInvariant("virtual time stays under a second", () => simulation.Elapsed < TimeSpan.FromSeconds(1) ? null : $"it is {simulation.Elapsed}");
                await simulation.AdvanceTimeAsync(TimeSpan.FromSeconds(2));
            }));

        Assert.Contains("virtual time stays under a second", error.Message);
        Assert.Contains("seed 5", error.Message);
    }

    [Fact]
    public async Task Virtual_time_moves_only_as_far_as_the_test_waits()
    {
        await TestingHost.Simulation.RunAsync(new SimulationOptions { Seed = 9, MaxVirtualTime = TimeSpan.FromDays(1) }, async simulation =>
        {
            await using var cluster = new TestClusterBuilder(2).Build();
            await cluster.DeployAsync();
            var before = simulation.Elapsed;
            await cluster.RunUntilIdleAsync();
            Assert.Equal(before, simulation.Elapsed);
            await cluster.AdvanceTimeAsync(TimeSpan.FromHours(2));
            Assert.Equal(before + TimeSpan.FromHours(2), simulation.Elapsed);
        });
    }
}
