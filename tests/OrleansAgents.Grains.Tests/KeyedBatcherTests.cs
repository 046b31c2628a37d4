using OrleansAgents.Agents;
using Xunit;

namespace OrleansAgents.Grains.Tests;

/// <summary>The per-silo batching of bookkeeping calls: one delivery in flight per key, what arrives meanwhile shares the next.</summary>
public sealed class KeyedBatcherTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Items_added_while_a_delivery_is_in_flight_share_the_next_delivery_in_order()
    {
        var deliveries = new List<(string Key, string[] Items)>();
        var firstHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batcher = new KeyedBatcher<string>(async (key, items) =>
        {
            lock (deliveries)
            {
                deliveries.Add((key, items.ToArray()));
            }

            if (items.Contains("a1"))
            {
                firstEntered.TrySetResult();
                await firstHeld.Task;
            }
        });

        var a1 = batcher.Add("a", "a1");
        await firstEntered.Task.WaitAsync(Deadline);
        var a2 = batcher.Add("a", "a2");
        var a3 = batcher.Add("a", "a3");
        var b1 = batcher.Add("b", "b1");
        await b1.WaitAsync(Deadline);

        Assert.False(a2.IsCompleted, "a2 should wait for the delivery after the one in flight");
        firstHeld.SetResult();
        await Task.WhenAll(a1, a2, a3).WaitAsync(Deadline);

        string[][] ToKey(string key) => deliveries.Where(d => d.Key == key).Select(d => d.Items).ToArray();
        Assert.Equal([["a1"], ["a2", "a3"]], ToKey("a"));
        Assert.Equal([["b1"]], ToKey("b"));
    }

    [Fact]
    public async Task A_failed_delivery_fails_only_the_items_it_carried_and_the_key_keeps_working()
    {
        var batcher = new KeyedBatcher<int>((_, items) => items.Contains(13) ? Task.FromException(new IOException("unlucky")) : Task.CompletedTask);

        var failed = batcher.Add("k", 13);
        var error = await Assert.ThrowsAsync<IOException>(() => failed.WaitAsync(Deadline));
        Assert.Equal("unlucky", error.Message);

        await batcher.Add("k", 14).WaitAsync(Deadline);
    }
}
