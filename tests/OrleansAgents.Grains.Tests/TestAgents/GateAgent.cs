using OrleansAgents.Agents;

namespace OrleansAgents.Grains.Tests.TestAgents;

/// <summary>
/// Waits at the gate named by its input until the test releases it, ignoring cancellation (an agent that does
/// not stop when told), then returns <c>"released"</c>.
/// </summary>
internal sealed class GateAgent(AgentGates gates) : Agent<string>
{
    public const string Name = "gate";

    protected override async Task<AgentResult> RunAsync(string input, AgentContext context)
    {
        var gate = gates[input];
        await gate.PassAsync();
        try
        {
            return AgentResult.From("released");
        }
        finally
        {
            gate.OnFinished();
        }
    }
}
