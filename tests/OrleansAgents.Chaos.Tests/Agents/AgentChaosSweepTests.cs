namespace OrleansAgents.Chaos.Tests.Agents;

/// <summary>The agent workload under storage faults, call faults and silo faults, over a sweep of seeds.</summary>
/// <remarks>
/// In the CI suite since the testing kit's clock stopped Orleans' due-time loops from spinning (<c>SpinSafeClock</c>):
/// the silo kills, stops and starts that used to stall were that spin.
/// </remarks>
public sealed class AgentChaosSweepTests(ITestOutputHelper output)
{
    [Fact]
    public Task Agent_tasks_keep_their_invariants_under_storage_call_and_silo_faults_for_every_seed() =>
        ChaosSweep.RunAsync(output, nameof(Agent_tasks_keep_their_invariants_under_storage_call_and_silo_faults_for_every_seed), defaultCount: 20, AgentWorkload.RunAsync);
}
