using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using OrleansAgents.Benchmarks.Grains;
using OrleansAgents.Benchmarks.Reporting;
using OrleansAgents.Benchmarks.Tasks;
using OrleansAgents.Streams;
using OrleansAgents.TestingHost;

namespace OrleansAgents.Benchmarks.Streams;

/// <summary>
/// In-memory stream fan-out on one silo: one publisher, 100 grain subscribers. Throughput (events delivered per
/// second, every event counted once per subscriber) against local grain calls per second measured on the same
/// cluster just before, and publish-to-deliver latency: under the saturating load, and paced (each event published
/// once every subscriber has the previous one), where the p99 target applies.
/// </summary>
internal static class StreamsHarness
{
    public const int Subscribers = 100;

    /// <summary>The target: p99 publish-to-deliver time of the paced run, one silo.</summary>
    public const double MaxP99Milliseconds = 1.0;

    private const int PacedEvents = 3_000;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan BaselineDuration = TimeSpan.FromSeconds(1);

    public static async Task<List<TargetResult>> RunAsync(TimeSpan duration)
    {
        var probe = new FanOutProbe();
        var cluster = new TestClusterBuilder(1).ConfigureSilo(silo =>
        {
            silo.AddGrain<PingGrain>();
            silo.AddGrain<FanOutSubscriberGrain>();
            silo.Services.AddSingleton(probe);
        }).Build();
        await cluster.DeployAsync().ConfigureAwait(false);
        try
        {
            var grains = cluster.Primary.GrainFactory;
            await TaskLoad.GrainCallsPerSecondAsync(grains, 1, WarmUp).ConfigureAwait(false);
            var calls1 = await TaskLoad.GrainCallsPerSecondAsync(grains, 1, BaselineDuration).ConfigureAwait(false);
            var calls16 = await TaskLoad.GrainCallsPerSecondAsync(grains, 16, BaselineDuration).ConfigureAwait(false);

            for (var i = 0; i < Subscribers; i++)
            {
                await grains.GetGrain<IFanOutSubscriberGrain>($"sub-{i}").SubscribeAsync("fan-out").ConfigureAwait(false);
            }

            var provider = cluster.Primary.Services.GetRequiredService<IStreamProviderFactory>().GetStreamProvider(StreamProviderNames.Default);
            var stream = provider.GetStream<FanOutEvent>(StreamId.Create("bench", "fan-out"));

            await SaturateAsync(stream, probe, WarmUp).ConfigureAwait(false);
            var saturated = await SaturateAsync(stream, probe, duration).ConfigureAwait(false);
            await PacedAsync(stream, probe, 300).ConfigureAwait(false);
            var paced = await PacedAsync(stream, probe, PacedEvents).ConfigureAwait(false);

            var table = new TextTable("Run", "events published", "deliveries", "deliveries/s", "p50 ms", "p99 ms", "max ms", "vs 1-caller grain calls/s", "vs 16-caller grain calls/s");
            Add(table, $"saturating, {duration.TotalSeconds:F0} s", saturated, calls1, calls16);
            Add(table, $"paced, {PacedEvents:N0} events", paced, calls1, calls16);
            Console.WriteLine();
            Console.WriteLine($"Stream fan-out on 1 silo (in-memory provider, defaults): one publisher loop in the silo, {Subscribers} grain subscribers; baseline: IPingGrain calls/s on the same cluster, 1 caller {Format(calls1, "N0")}/s, 16 callers {Format(calls16, "N0")}/s:");
            Console.WriteLine(table);

            var p99 = paced.Percentile(99);
            return
            [
                new TargetResult(
                    $"stream fan-out to {Subscribers} grain subscribers, 1 silo: p99 publish-to-deliver (paced)",
                    $"{Format(p99, "F3")} ms (p50 {Format(paced.Percentile(50), "F3")} ms); saturated: {Format(saturated.PerSecond, "N0")} deliveries/s = {Format(saturated.PerSecond / calls1, "F2")}x 1-caller grain calls/s",
                    $"< {MaxP99Milliseconds:F1} ms",
                    p99 < MaxP99Milliseconds),
            ];
        }
        finally
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>One publisher publishes back to back (it waits only when a subscriber's buffer is full) for <paramref name="duration"/>.</summary>
    private static async Task<FanOutRun> SaturateAsync(IAsyncStream<FanOutEvent> stream, FanOutProbe probe, TimeSpan duration)
    {
        probe.Reset(capacity: 8_000_000);
        var started = Stopwatch.GetTimestamp();
        long published = 0;
        while (Stopwatch.GetElapsedTime(started) < duration)
        {
            await stream.OnNextAsync(new FanOutEvent(Stopwatch.GetTimestamp())).ConfigureAwait(false);
            published++;
        }

        await probe.WhenDelivered(published * Subscribers).WaitAsync(TimeSpan.FromMinutes(1)).ConfigureAwait(false);
        return new FanOutRun(published, probe.DeliveredCount, Stopwatch.GetElapsedTime(started), probe.SortedLatencies());
    }

    /// <summary>Publishes one event at a time, the next once every subscriber has the previous one.</summary>
    private static async Task<FanOutRun> PacedAsync(IAsyncStream<FanOutEvent> stream, FanOutProbe probe, int events)
    {
        probe.Reset(capacity: events * Subscribers);
        var started = Stopwatch.GetTimestamp();
        for (var i = 1; i <= events; i++)
        {
            var delivered = probe.WhenDelivered((long)i * Subscribers);
            await stream.OnNextAsync(new FanOutEvent(Stopwatch.GetTimestamp())).ConfigureAwait(false);
            await delivered.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }

        return new FanOutRun(events, probe.DeliveredCount, Stopwatch.GetElapsedTime(started), probe.SortedLatencies());
    }

    private static void Add(TextTable table, string name, FanOutRun run, double calls1, double calls16) => table.Add(
        name,
        run.Published.ToString("N0", CultureInfo.InvariantCulture),
        run.Delivered.ToString("N0", CultureInfo.InvariantCulture),
        Format(run.PerSecond, "N0"),
        Format(run.Percentile(50), "F3"),
        Format(run.Percentile(99), "F3"),
        Format(run.Percentile(100), "F3"),
        Format(run.PerSecond / calls1, "F2"),
        Format(run.PerSecond / calls16, "F2"));

    private static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private sealed record FanOutRun(long Published, long Delivered, TimeSpan Elapsed, long[] Latencies)
    {
        public double PerSecond => Delivered / Elapsed.TotalSeconds;

        /// <summary>Nearest-rank percentile of the publish-to-deliver times, in milliseconds.</summary>
        public double Percentile(double p)
        {
            if (Latencies.Length == 0)
            {
                return double.NaN;
            }

            var rank = (int)Math.Ceiling(p / 100 * Latencies.Length);
            return Latencies[Math.Clamp(rank - 1, 0, Latencies.Length - 1)] * 1000.0 / Stopwatch.Frequency;
        }
    }
}
