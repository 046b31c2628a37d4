using System.Collections.Concurrent;
using OrleansAgents.Agents;

namespace OrleansAgents.Mcp.Tests.Infrastructure;

/// <summary>Gates that test agents wait at until the test opens them (no timing in the tests).</summary>
public sealed class Gates
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new();

    public void Open(string gate) => Get(gate).TrySetResult();

    public Task WaitAsync(string gate, CancellationToken cancellationToken) => Get(gate).Task.WaitAsync(cancellationToken);

    private TaskCompletionSource Get(string gate) => _gates.GetOrAdd(gate, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>The input of the gated agents: which gate to wait at.</summary>
public sealed record GateInput(string Gate);

/// <summary>Reports 50% ("half way"), waits at its gate, then returns <c>{"done": gate}</c>.</summary>
public sealed class HalfwayAgent(Gates gates) : Agent<GateInput>
{
    public const string Name = "halfway";
    public const string ProgressMessage = "half way";

    protected override async Task<AgentResult> RunAsync(GateInput input, AgentContext context)
    {
        await context.ReportProgressAsync(50, ProgressMessage);
        await gates.WaitAsync(input.Gate, context.CancellationToken);
        return AgentResult.From(new { done = input.Gate });
    }
}

/// <summary>Reports 10% ("started") and then runs until cancelled.</summary>
public sealed class HangingAgent : Agent<GateInput>
{
    public const string Name = "hanging";
    public const string ProgressMessage = "started";

    protected override async Task<AgentResult> RunAsync(GateInput input, AgentContext context)
    {
        await context.ReportProgressAsync(10, ProgressMessage);
        await Task.Delay(Timeout.InfiniteTimeSpan, context.CancellationToken);
        return AgentResult.Empty;
    }
}
