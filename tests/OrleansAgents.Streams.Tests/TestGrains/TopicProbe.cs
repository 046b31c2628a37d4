using System.Collections.Concurrent;
using OrleansAgents.Streams.Topics;

namespace OrleansAgents.Streams.Tests.TestGrains;

/// <summary>One message as a subscriber saw it.</summary>
public sealed record Received(string Topic, int Value, string Silo, int Activation);

/// <summary>What every subscriber received, shared by all silos and the client of a test cluster; waits are signalled by the observers.</summary>
public sealed class TopicProbe
{
    private static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(20);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Received>> _received = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _activations = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Record(string subscriber, Received received)
    {
        _received.GetOrAdd(subscriber, _ => new()).Enqueue(received);
        TaskCompletionSource changed;
        lock (_lock)
        {
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    public IReadOnlyList<Received> ReceivedBy(string subscriber) => _received.TryGetValue(subscriber, out var queue) ? [.. queue] : [];

    public IReadOnlyList<int> ValuesOf(string subscriber) => [.. ReceivedBy(subscriber).Select(r => r.Value)];

    public int Activated(string subscriber) => _activations.AddOrUpdate(subscriber, 1, (_, n) => n + 1);

    /// <summary>An observer for client (or silo-level) subscriptions that records under <paramref name="subscriber"/>.</summary>
    public IAsyncObserver<TopicMessage> Observer(string subscriber, string silo = "client") =>
        new RecordingObserver(this, subscriber, silo);

    /// <summary>Waits, woken by each recorded message, until <paramref name="subscriber"/> has <paramref name="count"/> messages.</summary>
    public Task WaitForCountAsync(string subscriber, int count, TimeSpan? deadline = null) =>
        WaitUntilAsync(() => ReceivedBy(subscriber).Count >= count, $"{subscriber} receives {count} messages (has {ReceivedBy(subscriber).Count})", deadline);

    /// <summary>Waits, woken by each recorded message, until <paramref name="condition"/> holds; fails after the deadline.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string because, TimeSpan? deadline = null)
    {
        var started = TimeProvider.System.GetTimestamp();
        var limit = deadline ?? DefaultDeadline;
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                changed = _changed.Task;
            }

            if (condition())
            {
                return;
            }

            var left = limit - TimeProvider.System.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"Not within {limit}: {because}");
            }

            try
            {
                await changed.WaitAsync(left);
            }
            catch (TimeoutException)
            {
                // Checked once more at the top of the loop, then failed.
            }
        }
    }

    private sealed class RecordingObserver(TopicProbe probe, string subscriber, string silo) : IAsyncObserver<TopicMessage>
    {
        public Task OnNextAsync(TopicMessage item, StreamSequenceToken? token = null)
        {
            probe.Record(subscriber, new Received(item.Topic, item.GetPayload<int>(), silo, 0));
            return Task.CompletedTask;
        }

        public Task OnCompletedAsync() => Task.CompletedTask;

        public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
    }
}
