using System.Diagnostics;
using OrleansAgents.Streams;

namespace OrleansAgents.Benchmarks.Streams;

/// <summary>One event of the fan-out benchmark: when it was published (a <see cref="Stopwatch"/> timestamp).</summary>
public sealed record FanOutEvent(long PublishedAt);

/// <summary>A subscriber of the fan-out benchmark.</summary>
public interface IFanOutSubscriberGrain : IGrainWithStringKey
{
    /// <summary>Subscribes to the benchmark stream <paramref name="key"/>.</summary>
    Task SubscribeAsync(string key);
}

/// <summary>Records each event's publish-to-deliver time in the <see cref="FanOutProbe"/>; the observer runs as a grain turn.</summary>
public sealed class FanOutSubscriberGrain(FanOutProbe probe) : Grain, IFanOutSubscriberGrain
{
    /// <inheritdoc />
    public Task SubscribeAsync(string key) =>
        GetStreamProvider(StreamProviderNames.Default).GetStream<FanOutEvent>(StreamId.Create("bench", key)).SubscribeAsync(
            (e, _) =>
            {
                probe.Delivered(Stopwatch.GetTimestamp() - e.PublishedAt);
                return Task.CompletedTask;
            });
}
