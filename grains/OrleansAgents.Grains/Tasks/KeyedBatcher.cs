namespace OrleansAgents.Agents;

/// <summary>
/// Sends items to per-key destinations in batches, with at most one delivery in flight per key: items added while a
/// delivery is on its way go out together in the next one (group commit, with no added latency when the key is idle).
/// With a <paramref name="linger"/>, a key's lane also waits that long (wall-clock) before each delivery, for more items
/// to share it: for deliveries nobody waits for. A delivery runs on the thread pool, never on the adding grain's turn.
/// <see cref="Pending"/> tells what a key's lane holds (queued or on its way), for readers that must see it.
/// </summary>
/// <typeparam name="TItem">What is delivered.</typeparam>
internal sealed class KeyedBatcher<TItem>(Func<string, IReadOnlyList<TItem>, Task> deliver, TimeSpan linger = default)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Lane> _lanes = new(StringComparer.Ordinal);

    /// <summary>Queues <paramref name="item"/> for <paramref name="key"/>; the returned task completes when the delivery that carried it has.</summary>
    /// <param name="key">The destination.</param>
    /// <param name="item">What is delivered.</param>
    public Task Add(string key, TItem item)
    {
        Lane lane;
        Task delivered;
        var start = false;
        lock (_lock)
        {
            if (!_lanes.TryGetValue(key, out lane!))
            {
                _lanes[key] = lane = new Lane();
            }

            lane.Items.Add(item);
            delivered = lane.Delivered.Task;

            if (!lane.Sending)
            {
                lane.Sending = true;
                start = true;
            }
        }

        if (start)
        {
            _ = Task.Run(() => SendAsync(key, lane));
        }

        return delivered;
    }

    /// <summary>The items <paramref name="key"/>'s lane holds: those on their way, then those queued (oldest first).</summary>
    public TItem[] Pending(string key)
    {
        lock (_lock)
        {
            return _lanes.TryGetValue(key, out var lane) ? [.. lane.InFlight, .. lane.Items] : [];
        }
    }

    private async Task SendAsync(string key, Lane lane)
    {
        while (true)
        {
            if (linger > TimeSpan.Zero)
            {
                await Task.Delay(linger).ConfigureAwait(false);
            }

            List<TItem> items;
            TaskCompletionSource delivered;
            lock (_lock)
            {
                if (lane.Items.Count == 0)
                {
                    lane.Sending = false;
                    _lanes.Remove(key);
                    return;
                }

                items = lane.Items;
                delivered = lane.Delivered;
                lane.Items = [];
                lane.InFlight = items;
                lane.Delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            Exception? failure = null;
            try
            {
                await deliver(key, items).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                failure = exception;
            }

            // Off the lane before anyone is told: a reader that asks after the delivery ended finds its items delivered.
            lock (_lock)
            {
                lane.InFlight = [];
            }

            if (failure is null)
            {
                delivered.SetResult();
            }
            else
            {
                delivered.SetException(failure);
            }
        }
    }

    private sealed class Lane
    {
        public List<TItem> Items { get; set; } = [];

        public TaskCompletionSource Delivered { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The items of the delivery on its way (empty when none is).</summary>
        public List<TItem> InFlight { get; set; } = [];

        public bool Sending { get; set; }
    }
}
