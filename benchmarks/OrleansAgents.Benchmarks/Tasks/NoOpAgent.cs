using OrleansAgents.Agents;

namespace OrleansAgents.Benchmarks.Tasks;

/// <summary>An agent that does nothing and ends its route with no output: a task's cost is the runtime's alone.</summary>
public sealed class NoOpAgent : IAgent
{
    /// <summary>The name it is registered under.</summary>
    public const string Name = "noop";

    private static readonly Task<AgentResult> Done = Task.FromResult(AgentResult.Empty);

    /// <inheritdoc />
    public Task<AgentResult> RunAsync(AgentContext context) => Done;
}
