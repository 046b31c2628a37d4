using System.Collections.Concurrent;

namespace OrleansAgents.Chaos.Tests.Topics;

/// <summary>One message as a subscriber got it: the publisher's sequence number, the stream token, which activation where.</summary>
public sealed record Delivery(int Number, long Token, int Activation, string Silo);

/// <summary>What every subscriber of a topic workload received, in order, shared by all silos of its cluster.</summary>
public sealed class DeliveryLog
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Delivery>> _deliveries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _activations = new(StringComparer.Ordinal);

    public void Record(string subscriber, Delivery delivery) => _deliveries.GetOrAdd(subscriber, _ => new()).Enqueue(delivery);

    public IReadOnlyList<Delivery> Of(string subscriber) => _deliveries.TryGetValue(subscriber, out var queue) ? [.. queue] : [];

    public int Activated(string subscriber) => _activations.AddOrUpdate(subscriber, 1, (_, n) => n + 1);
}
