using OrleansAgents.Agents;

namespace QuickStart;

/// <summary>A grain of your own that runs the agent as a durable agent task.</summary>
public interface IGreetingGrain : IGrainWithStringKey
{
    Task<string> GreetAsync(string name);
}

public sealed class GreetingGrain : Grain, IGreetingGrain
{
    public async Task<string> GreetAsync(string name)
    {
        var user = new AgentCaller(this.GetPrimaryKeyString());
        var task = GrainFactory.GetGrain<IAgentTaskGrain>($"greet-{user.UserId}-{name}");

        // Idempotent: calling again with the same id and request returns the same task.
        await task.SubmitAsync(AgentTaskRequest.For("greeter", new GreetInput(name), user.UserId));
        var done = await task.WaitForTerminalAsync(user, TimeSpan.FromMinutes(1));
        return done.Status == AgentTaskStatus.Succeeded
            ? done.Output!.Value.GetString()!
            : throw new InvalidOperationException($"The greeting ended {done.Status}: {done.Error?.Message}");
    }
}
