using OrleansAgents.Agents;

using System.Collections.Concurrent;

namespace OrleansAgents.Client.Tests.Streams;

/// <summary>Named gates a test opens to let an agent go on.</summary>
public sealed class Gates
{
    private readonly ConcurrentDictionary<string, (TaskCompletionSource Entered, TaskCompletionSource Released)> _gates = new(StringComparer.Ordinal);

    public Task Entered(string name) => Get(name).Entered.Task;

    public void Release(string name) => Get(name).Released.TrySetResult();

    internal async Task PassAsync(string name)
    {
        var gate = Get(name);
        gate.Entered.TrySetResult();
        await gate.Released.Task.ConfigureAwait(false);
    }

    private (TaskCompletionSource Entered, TaskCompletionSource Released) Get(string name) =>
        _gates.GetOrAdd(name, static _ => (new(TaskCreationOptions.RunContinuationsAsynchronously), new(TaskCreationOptions.RunContinuationsAsynchronously)));
}

/// <summary>Reports 25 %, waits at the gate named by its input, reports 75 % and returns <c>"done"</c>.</summary>
internal sealed class ProgressGateAgent(Gates gates) : Agent<string>
{
    public const string Name = "progress-gate";

    protected override async Task<AgentResult> RunAsync(string input, AgentContext context)
    {
        await context.ReportProgressAsync(25, "before the gate");
        await gates.PassAsync(input).ConfigureAwait(false);
        await context.ReportProgressAsync(75, "after the gate");
        return AgentResult.From("done");
    }
}
