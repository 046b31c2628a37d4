namespace OrleansAgents.Agents;

/// <summary>
/// Sends items to per-key destinations in batches, with at most one delivery in flight per key: items added while a
/// delivery is on its way go out together in the next one (group commit, with no added latency when the key is idle).
/// With a <paramref name="linger"/>, a key's lane also waits that long (wall-clock) before each delivery, for more items
/// to share it: for deliveries nobody waits for. An urgent item (someone waits for it) cuts the wait short. A delivery runs
/// on the thread pool, never on the adding grain's turn.
/// </summary>
/// <typeparam name="TItem">What is delivered.</typeparam>
internal sealed class KeyedBatcher<TItem>(Func<string, IReadOnlyList<TItem>, Task> deliver, TimeSpan linger = default)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Lane> _lanes = new(StringComparer.Ordinal);

    /// <summary>Queues <paramref name="item"/> for <paramref name="key"/>; the returned task completes when the delivery that carried it has.</summary>
    /// <param name="key">The destination.</param>
    /// <param name="item">What is delivered.</param>
    /// <param name="urgent">Whether the caller waits for the delivery: the lane stops lingering and sends at once.</param>
    public Task Add(string key, TItem item, bool urgent = false)
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
            if (urgent)
            {
                lane.Urgent.TrySetResult();
            }

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

    private async Task SendAsync(string key, Lane lane)
    {
        while (true)
        {
            if (linger > TimeSpan.Zero)
            {
                Task urgent;
                lock (_lock)
                {
                    urgent = lane.Urgent.Task;
                }

                if (!urgent.IsCompleted)
                {
                    await Task.WhenAny(urgent, Task.Delay(linger)).ConfigureAwait(false);
                }
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
                lane.Delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                if (lane.Urgent.Task.IsCompleted)
                {
                    lane.Urgent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }

            try
            {
                await deliver(key, items).ConfigureAwait(false);
                delivered.SetResult();
            }
            catch (Exception exception)
            {
                delivered.SetException(exception);
            }
        }
    }

    private sealed class Lane
    {
        public List<TItem> Items { get; set; } = [];

        public TaskCompletionSource Delivered { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completed when an item someone waits for joins the lane's next delivery.</summary>
        public TaskCompletionSource Urgent { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Sending { get; set; }
    }
}
