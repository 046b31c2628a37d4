using OrleansAgents.Grains.Tests.Fixtures;
using OrleansAgents.Grains.Tests.Scenarios;
using OrleansAgents.TestingHost;
using Xunit;
using Xunit.Abstractions;

namespace OrleansAgents.Simulation.Tests;

/// <summary>
/// The agent scenario suite of OrleansAgents.Grains.Tests, unchanged, inside simulations under benign faults, over a
/// sweep of seeds (<c>ORLEANSAGENTS_SIM_SEEDS</c> for more, <c>ORLEANSAGENTS_SIM_SEED</c> to replay one). Every
/// scenario keeps its own assertions; the simulation adds the invariants after every step.
/// </summary>
public sealed class ScenarioSweepTests(ITestOutputHelper output)
{
    [Fact]
    public Task The_shared_cluster_agent_scenarios_pass_under_benign_faults_for_every_seed() =>
        SeedSweep.RunAsync(output, defaultCount: 20, SimulationFaults.Benign, async simulation =>
        {
            var invariants = new AgentTaskInvariants(simulation).Register();
            await SeedSweep.WithFixtureAsync<AgentClusterFixture>(SharedClusterScenarios);
            Assert.Null(invariants.CheckNewWrites());
            Assert.True(invariants.TerminalCount > 20, $"only {invariants.TerminalCount} tasks ended");
        });

    [Fact]
    public Task The_crash_recovery_scenarios_pass_under_benign_faults_for_every_seed() =>
        SeedSweep.RunAsync(output, defaultCount: 5, SimulationFaults.Benign, async simulation =>
        {
            var invariants = new AgentTaskInvariants(simulation).Register();
            var crashes = new CrashRecoveryScenarios();
            await crashes.A_task_whose_silo_is_killed_completes_on_another_silo_as_a_new_attempt_with_one_terminal_record();
            await crashes.Tasks_submitted_while_a_silo_is_killed_all_complete_each_with_one_terminal_record();
            await crashes.A_task_nobody_calls_is_resumed_by_its_recovery_reminder_after_its_silo_dies();
            await crashes.A_fan_out_survives_the_loss_of_a_silo_running_one_of_its_children();
            Assert.Null(invariants.CheckNewWrites());
        });

    [Fact]
    public Task The_agent_workload_keeps_its_invariants_under_hostile_faults_and_a_silo_crash_for_every_seed() =>
        SeedSweep.RunAsync(output, defaultCount: 20, SimulationFaults.Hostile,
            simulation => AgentWorkload.RunAsync(simulation, killAndRestart: true, healWith: SimulationFaults.None));

    [Fact]
    public async Task The_agent_workload_keeps_its_invariants_while_silos_crash_at_a_seeded_rate_for_every_seed()
    {
        var crashes = 0;
        var faults = SimulationFaults.Hostile with { SiloCrashRate = 0.5, SiloRestartDelay = TimeSpan.FromSeconds(1) };
        var seeds = await SeedSweep.RunAsync(output, defaultCount: 10, faults, async simulation =>
            crashes += await AgentWorkload.RunAsync(simulation, killAndRestart: false, healWith: SimulationFaults.None, chaosWindow: TimeSpan.FromSeconds(6)));

        // Six virtual seconds at one chance in two a second: every seed but the unluckiest crashes silos.
        Assert.True(crashes >= seeds, $"only {crashes} silo crashes over the sweep");
    }

    /// <summary>The scenarios that share one 3-silo cluster, run one after another as the suite does.</summary>
    internal static async Task SharedClusterScenarios(AgentClusterFixture fixture)
    {
        var happy = new HappyPathScenarios(fixture);
        await happy.Echo_returns_its_input_unchanged();
        await happy.The_happy_path_moves_pending_running_succeeded_and_stamps_every_time();
        await happy.A_two_step_pipeline_feeds_the_doublers_output_to_the_incrementer();
        await happy.Conditional_skip_ends_the_route_early_with_an_empty_result();
        await happy.A_fan_out_runs_the_rest_of_the_route_once_per_element_and_collects_the_outputs_in_order();
        await happy.An_agent_calls_another_agent_as_a_child_task_of_the_same_user_and_run();
        await happy.A_fan_out_child_failure_fails_the_parent_and_names_the_child();
        var failures = new FailureScenarios(fixture);
        await failures.A_fatal_error_fails_the_task_after_one_attempt_with_the_error_recorded();
        await failures.Out_of_memory_is_recoverable_and_retried_until_success_keeping_the_last_error();
        await failures.A_recoverable_error_fails_the_task_once_the_attempts_are_used_up();
        await failures.A_task_that_runs_past_its_timeout_ends_timed_out();
        await failures.A_task_whose_agent_ignores_its_timeout_is_forced_to_timed_out_after_the_grace_period();
        var cancellation = new CancellationScenarios(fixture);
        await cancellation.Cancelling_a_running_task_stops_the_agent_and_ends_the_task_cancelled();
        // Not here: Cancelling_an_agent_that_ignores_cancellation_... measures how long CancelAsync took with
        // TimeProvider.System (wall-clock time), which a simulation does not control.
        await cancellation.Cancelling_a_fan_out_cancels_its_running_children();
        var observation = new ObservationScenarios(fixture);
        await observation.Every_state_a_caller_observes_was_persisted_before_it_was_observed();
        await observation.GetAsync_answers_while_the_agent_runs_and_shows_intermediate_progress();
        await observation.Progress_of_a_route_is_steps_done_over_total_refined_by_the_running_step();
        var submits = new SubmitScenarios(fixture);
        await submits.An_unknown_agent_is_rejected_at_submit_and_nothing_is_created();
        await submits.A_rejected_submit_does_not_block_a_valid_submit_under_the_same_id();
        await submits.Concurrent_duplicate_submits_create_one_task_that_runs_once();
    }
}
