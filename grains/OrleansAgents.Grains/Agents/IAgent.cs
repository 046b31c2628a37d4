namespace OrleansAgents.Agents;

/// <summary>
/// An agent: user code that turns an input into a result. Registered by name with
/// <c>services.AddAgent&lt;TAgent&gt;("name")</c>; a new instance is created for every attempt.
/// </summary>
public interface IAgent
{
    /// <summary>Runs the agent once. Throw to fail the attempt (see <see cref="AgentOptions.FatalExceptions"/>).</summary>
    Task<AgentResult> RunAsync(AgentContext context);
}
