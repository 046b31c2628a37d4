namespace OrleansAgents.TestingHost;

/// <summary>One event as a subscriber received it: the stream's sequence number of the event.</summary>
/// <param name="Subscriber">Who received it.</param>
/// <param name="Stream">The stream it was published on.</param>
/// <param name="Sequence">Its position in the stream (1, 2, 3, ... as published).</param>
public sealed record DeliveredEvent(string Subscriber, string Stream, long Sequence);

/// <summary>
/// The stream invariant, over a recorded delivery log: per subscriber and stream, events arrive in order with no
/// gaps once duplicates are dropped (a subscription may start mid-stream; from its first event on, every later one
/// must come, in order). Optionally, every subscriber must have reached the last published event.
/// </summary>
public static class StreamOrderChecker
{
    /// <summary>Returns <c>null</c> when the log is in order with no gaps, else the first violation.</summary>
    /// <param name="deliveries">Deliveries in the order subscribers received them.</param>
    /// <param name="lastPublished">Optional: the last sequence number published per stream; each subscriber must have reached it.</param>
    public static string? Check(IEnumerable<DeliveredEvent> deliveries, IReadOnlyDictionary<string, long>? lastPublished = null)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        var received = new Dictionary<(string Subscriber, string Stream), (long Last, HashSet<long> Seen)>();
        foreach (var delivery in deliveries)
        {
            var key = (delivery.Subscriber, delivery.Stream);
            if (!received.TryGetValue(key, out var state))
            {
                received[key] = (delivery.Sequence, [delivery.Sequence]);
                continue;
            }

            if (state.Seen.Contains(delivery.Sequence))
            {
                continue;
            }

            if (delivery.Sequence < state.Last)
            {
                return $"{delivery.Subscriber} received event {delivery.Sequence} of {delivery.Stream} after event {state.Last}: out of order";
            }

            if (delivery.Sequence > state.Last + 1)
            {
                return $"{delivery.Subscriber} received event {delivery.Sequence} of {delivery.Stream} right after event {state.Last}: events {state.Last + 1}..{delivery.Sequence - 1} are missing";
            }

            state.Seen.Add(delivery.Sequence);
            received[key] = (delivery.Sequence, state.Seen);
        }

        if (lastPublished is not null)
        {
            foreach (var ((subscriber, stream), state) in received)
            {
                if (lastPublished.TryGetValue(stream, out var last) && state.Last < last)
                {
                    return $"{subscriber} stopped at event {state.Last} of {stream}, but {last} were published";
                }
            }
        }

        return null;
    }
}
