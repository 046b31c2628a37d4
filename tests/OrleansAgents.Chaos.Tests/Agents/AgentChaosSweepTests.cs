namespace OrleansAgents.Chaos.Tests.Agents;

/// <summary>The agent workload under storage faults, call faults and silo faults, over a sweep of seeds.</summary>
public sealed class AgentChaosSweepTests(ITestOutputHelper output)
{
    [Fact]
    public Task Agent_tasks_keep_their_invariants_under_storage_call_and_silo_faults_for_every_seed() =>
        ChaosSweep.RunAsync(output, nameof(Agent_tasks_keep_their_invariants_under_storage_call_and_silo_faults_for_every_seed), defaultCount: 20, AgentWorkload.RunAsync);
}
