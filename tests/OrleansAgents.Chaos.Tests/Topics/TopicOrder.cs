namespace OrleansAgents.Chaos.Tests.Topics;

/// <summary>
/// What a topic subscriber may see under faults, checked on its delivery log after dropping repeats of a publish
/// sequence number (a retried publish whose first try landed, a redelivered batch): (1) order — numbers only grow;
/// (2) no gaps within an epoch — of the messages published between two silo faults (an epoch), a subscriber may miss a
/// tail or a head lost with a dying silo's queue, never one in between two it got; (3) the messages that must arrive do
/// (the workload's last marker: delivery resumed after the faults).
/// </summary>
public static class TopicOrder
{
    /// <summary>The first violation for <paramref name="subscriber"/>, or <c>null</c>.</summary>
    /// <param name="subscriber">Its name, for the message.</param>
    /// <param name="log">Its deliveries in order.</param>
    /// <param name="epochs">The epoch of each published number (<c>null</c>: published while a silo fault was under way, so in none).</param>
    /// <param name="mustArrive">The numbers every subscriber must get.</param>
    public static string? Check(string subscriber, IReadOnlyList<Delivery> log, IReadOnlyDictionary<int, long?> epochs, IEnumerable<int> mustArrive)
    {
        var seen = new HashSet<int>();
        var last = int.MinValue;
        foreach (var delivery in log)
        {
            if (!seen.Add(delivery.Number))
            {
                continue;
            }

            if (delivery.Number < last)
            {
                return $"{subscriber} got {delivery.Number} after {last}: out of order ({Describe(log)})";
            }

            last = delivery.Number;
        }

        foreach (var epoch in epochs.Where(e => e.Value is not null).GroupBy(e => e.Value))
        {
            var numbers = epoch.Select(e => e.Key).Order().ToArray();
            var got = numbers.Select(seen.Contains).ToArray();
            var first = Array.IndexOf(got, true);
            var end = Array.LastIndexOf(got, true);
            for (var i = first; first >= 0 && i <= end; i++)
            {
                if (!got[i])
                {
                    return $"{subscriber} missed {numbers[i]} of epoch {epoch.Key} although it got {numbers[first]} and {numbers[end]} ({Describe(log)})";
                }
            }
        }

        var missing = mustArrive.Where(n => !seen.Contains(n)).ToArray();
        return missing.Length == 0 ? null : $"{subscriber} never got {string.Join(",", missing)} ({Describe(log)})";
    }

    public static string Describe(IReadOnlyList<Delivery> log) =>
        string.Join(" ", log.Select(d => $"{d.Number}@a{d.Activation}"));
}
