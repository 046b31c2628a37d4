using System.Collections.Concurrent;

namespace OrleansAgents.Runtime.Tests.TestGrains;

/// <summary>Records lifecycle events from grains so tests can assert on them (shared by all silos of a cluster).</summary>
public sealed class LifecycleProbe
{
    private readonly ConcurrentQueue<string> _events = new();

    public void Record(string text) => _events.Enqueue(text);

    public IReadOnlyList<string> Events => [.. _events];

    public int Count(string text) => _events.Count(e => e == text);
}
