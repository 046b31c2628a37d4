using OrleansAgents.Runtime.Tests;
using QuickStart;
using Xunit;
using Xunit.Abstractions;

namespace OrleansAgents.Simulation.Tests;

/// <summary>Tests written for the normal TestCluster, unchanged, inside simulations.</summary>
public sealed class UnchangedTests(ITestOutputHelper output)
{
    [Fact]
    public Task The_quick_start_and_cluster_tests_pass_inside_simulations() =>
        SeedSweep.RunAsync(output, defaultCount: 5, TestingHost.SimulationFaults.None, async _ =>
        {
            await new HelloGrainTests().A_grain_answers_through_a_two_silo_test_cluster();
            var cluster = new ClusterTests();
            await cluster.Placement_is_a_function_of_grain_id_and_live_silos();
            await cluster.Stopping_a_silo_moves_its_grains_with_their_state_and_deactivates_them_gracefully();
            await cluster.Killing_a_silo_loses_no_written_state_and_runs_no_deactivation();
        });
}
