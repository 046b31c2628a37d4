using OrleansAgents.Agents;

namespace QuickStart;

/// <summary>The agent's input: a JSON object such as <c>{"Name":"Grace"}</c>; its JSON Schema is in the agent catalog.</summary>
public sealed record GreetInput(string Name);

/// <summary>An agent: typed input in, a result out. Throwing fails the attempt (retried unless the error is fatal).</summary>
public sealed class GreeterAgent : Agent<GreetInput>
{
    protected override async Task<AgentResult> RunAsync(GreetInput input, AgentContext context)
    {
        await context.ReportProgressAsync(50, "thinking");
        return AgentResult.From($"Hello, {input.Name}!");
    }
}
