namespace OrleansAgents.Agents;

/// <summary>An agent with a typed input, deserialized from the task's JSON input (malformed input is fatal).</summary>
/// <typeparam name="TInput">The input type; its JSON Schema is published in the agent catalog.</typeparam>
public abstract class Agent<TInput> : IAgent
{
    /// <inheritdoc />
    public Task<AgentResult> RunAsync(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return RunAsync(context.GetInput<TInput>()!, context);
    }

    /// <summary>Runs the agent once with its typed input.</summary>
    protected abstract Task<AgentResult> RunAsync(TInput input, AgentContext context);
}
