using OrleansAgents.Streams.Tests;
using OrleansAgents.Streams.Tests.Fixtures;
using StreamsQuickStart;
using OrleansAgents.TestingHost;
using Xunit;
using Xunit.Abstractions;

namespace OrleansAgents.Simulation.Tests;

/// <summary>
/// The stream tests of OrleansAgents.Streams.Tests, unchanged, inside simulations under benign faults, over a sweep of
/// seeds (<c>ORLEANSAGENTS_SIM_SEEDS</c> for more, <c>ORLEANSAGENTS_SIM_SEED</c> to replay one): every pump, inbox poll,
/// drain and retry runs on the simulation's thread, so a leak fails the run. Left out are the tests that run work on
/// the thread pool themselves (<c>Task.Run</c> publishers and readers), wait in real time (<c>WaitAsync(TimeSpan)</c>
/// on a test's own signal) or drive their own <c>ManualTimeProvider</c>.
/// </summary>
public sealed class StreamScenarioSweepTests(ITestOutputHelper output)
{
    [Fact]
    public Task The_shared_cluster_stream_scenarios_pass_under_benign_faults_for_every_seed() =>
        SeedSweep.RunAsync(output, defaultCount: 5, SimulationFaults.Benign, _ => SeedSweep.WithFixtureAsync<StreamClusterFixture>(SharedClusterScenarios));

    [Fact]
    public Task The_own_cluster_stream_scenarios_pass_under_benign_faults_for_every_seed() =>
        SeedSweep.RunAsync(output, defaultCount: 3, SimulationFaults.Benign, async _ =>
        {
            var resilience = new ResilienceTests();
            await resilience.A_full_subscriber_buffer_fails_the_publish_in_fail_mode_and_loses_nothing_accepted();
            await resilience.A_publisher_on_one_silo_reaches_subscribers_on_every_silo();
            await resilience.A_subscriber_whose_silo_is_killed_is_reactivated_elsewhere_and_reattaches();
            await resilience.An_unknown_provider_name_fails_with_a_message_naming_it();
            await new AlertsQuickStartTests().A_grain_counts_the_alerts_of_every_agent_published_by_a_client();
        });

    [Fact]
    public Task The_stream_workload_keeps_order_and_loses_nothing_it_guarantees_under_hostile_faults_and_a_silo_crash_for_every_seed() =>
        SeedSweep.RunAsync(output, defaultCount: 20, SimulationFaults.Hostile,
            simulation => StreamWorkload.RunAsync(simulation, killAndRestart: true, healWith: SimulationFaults.None));

    /// <summary>The stream tests that share one 3-silo cluster, run one after another as the suite does.</summary>
    private static async Task SharedClusterScenarios(StreamClusterFixture fixture)
    {
        var delivery = new DeliveryTests(fixture);
        await delivery.Events_of_one_stream_reach_a_grain_subscriber_in_order_with_growing_tokens();
        await delivery.Many_subscribers_grains_and_clients_each_get_every_event_in_order();
        await delivery.Completion_reaches_every_subscriber_after_the_events();
        await delivery.Unsubscribed_grains_and_clients_get_nothing_more_while_others_still_do();
        await delivery.A_deactivated_subscriber_is_reactivated_by_the_next_event_and_resumes_its_subscription();
        await delivery.An_implicit_subscription_activates_the_grain_keyed_by_the_stream_key();
        await delivery.A_subscription_from_an_earlier_token_replays_the_window_and_a_token_before_it_is_refused();
        var topics = new TopicTests(fixture);
        await topics.A_pattern_subscription_gets_exactly_the_matching_topics_including_streams_active_before_it();
        await topics.A_pattern_subscriber_that_was_deactivated_is_reactivated_by_a_matching_topic_and_resumes();
        await topics.Publishing_to_an_invalid_topic_or_subscribing_to_an_invalid_pattern_fails_with_the_reason();
        await topics.Pattern_subscriptions_outside_the_allowed_namespaces_are_refused();
    }
}
