using System.Collections.Concurrent;
using OrleansAgents.Agents;

namespace OrleansAgents.Grains.Tests.TestAgents;

/// <summary>
/// On its first run for a probe name (its input) it stays until its token is cancelled, and records that; on any later
/// run it returns at once. Shows that an abandoned attempt's agent was stopped, and that another attempt finished.
/// </summary>
internal sealed class StayAgent(StayProbe probe) : Agent<string>
{
    public const string Name = "stay";

    protected override async Task<AgentResult> RunAsync(string input, AgentContext context)
    {
        if (probe.Start(input) > 1)
        {
            return AgentResult.From("finished");
        }

        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            probe.OnStopped(input);
            throw;
        }

        return AgentResult.From("not reached");
    }
}

/// <summary>What <see cref="StayAgent"/> runs did, by probe name; shared by the silos of one cluster.</summary>
public sealed class StayProbe
{
    private readonly ConcurrentDictionary<string, int> _runs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _stopped = new(StringComparer.Ordinal);

    /// <summary>How many runs started for <paramref name="name"/>.</summary>
    public int Runs(string name) => _runs.GetValueOrDefault(name);

    /// <summary>Completes when the first run for <paramref name="name"/> has seen its cancellation.</summary>
    public Task WhenStopped(string name) => Stopped(name).Task;

    internal int Start(string name) => _runs.AddOrUpdate(name, 1, static (_, count) => count + 1);

    internal void OnStopped(string name) => Stopped(name).TrySetResult();

    private TaskCompletionSource Stopped(string name) =>
        _stopped.GetOrAdd(name, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
