using System.Collections.Concurrent;

namespace OrleansAgents.Postgres.Tests.TestGrains;

/// <summary>Records the reminder ticks of one test cluster, so a test can await the first.</summary>
public sealed class TickProbe
{
    private readonly ConcurrentQueue<(string Grain, string Reminder)> _ticks = new();
    private readonly TaskCompletionSource<(string Grain, string Reminder)> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<(string Grain, string Reminder)> FirstTick => _first.Task;

    public int Count => _ticks.Count;

    public void Record(string grain, string reminder)
    {
        _ticks.Enqueue((grain, reminder));
        _first.TrySetResult((grain, reminder));
    }
}
