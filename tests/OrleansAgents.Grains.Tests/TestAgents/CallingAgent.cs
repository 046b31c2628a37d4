using OrleansAgents.Agents;

namespace OrleansAgents.Grains.Tests.TestAgents;

/// <summary>Calls the agent named in its input as a child task, then adds one to the child's numeric output.</summary>
internal sealed class CallingAgent : Agent<CallingInput>
{
    public const string Name = "caller";

    protected override async Task<AgentResult> RunAsync(CallingInput input, AgentContext context)
    {
        var output = await context.CallAgentAsync(input.Agent, input.Value, context.CancellationToken);
        return AgentResult.From(output!.Value.GetDouble() + 1);
    }
}
