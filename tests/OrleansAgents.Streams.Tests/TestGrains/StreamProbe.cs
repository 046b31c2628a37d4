using System.Collections.Concurrent;

namespace OrleansAgents.Streams.Tests.TestGrains;

/// <summary>One event as a subscriber saw it.</summary>
public sealed record Received(string Stream, int Value, long Sequence, string Silo, int Activation);

/// <summary>What every subscriber received, shared by all silos of a test cluster.</summary>
public sealed class StreamProbe
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Received>> _received = new();
    private readonly ConcurrentDictionary<string, int> _activations = new();
    private readonly ConcurrentDictionary<string, int> _completions = new();

    /// <summary>Closed while a subscriber should block in its observer (to fill its buffer).</summary>
    public TaskCompletionSource Gate { get; set; } = CompletedGate();

    public void Record(string subscriber, Received received) => _received.GetOrAdd(subscriber, _ => new()).Enqueue(received);

    public IReadOnlyList<Received> ReceivedBy(string subscriber) => _received.TryGetValue(subscriber, out var queue) ? [.. queue] : [];

    public IReadOnlyList<int> ValuesOf(string subscriber) => [.. ReceivedBy(subscriber).Select(r => r.Value)];

    public int Activated(string subscriber) => _activations.AddOrUpdate(subscriber, 1, (_, n) => n + 1);

    public int ActivationsOf(string subscriber) => _activations.GetValueOrDefault(subscriber);

    public void Completed(string subscriber) => _completions.AddOrUpdate(subscriber, 1, (_, n) => n + 1);

    public int CompletionsOf(string subscriber) => _completions.GetValueOrDefault(subscriber);

    public static TaskCompletionSource CompletedGate()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }
}

/// <summary>The name of the silo a grain runs on.</summary>
public sealed record SiloName(string Name);
