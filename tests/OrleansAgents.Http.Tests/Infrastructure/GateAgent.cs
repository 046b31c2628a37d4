using System.Collections.Concurrent;
using OrleansAgents.Agents;

namespace OrleansAgents.Http.Tests.Infrastructure;

/// <summary>Reports progress, then runs until the test opens its gate (by the input's key) or the task is cancelled.</summary>
public sealed class GateAgent : Agent<string>
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> Gates = new();

    public static void Open(string key) => Gate(key).TrySetResult();

    protected override async Task<AgentResult> RunAsync(string input, AgentContext context)
    {
        await context.ReportProgressAsync(10, "waiting at the gate");
        await Gate(input).Task.WaitAsync(context.CancellationToken);
        await context.ReportProgressAsync(90, "through the gate");
        return AgentResult.From(new { gate = input });
    }

    private static TaskCompletionSource Gate(string key) => Gates.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
