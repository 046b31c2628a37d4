using System.Diagnostics;
using OrleansAgents.Hosting;
using OrleansAgents.Streams;
using OrleansAgents.Testing;

namespace OrleansAgents.Benchmarks;

/// <summary>
/// Fan-out on one Orleans memory stream (provider <c>Default</c>): 1 publisher (the client) to 100 subscriber grains on
/// one silo, paced publishing, publish-to-deliver latency; and the idle process's CPU with the stream subscribed, for
/// the agent layer's 10 ms pull period and Orleans' default 100 ms.
/// </summary>
internal static class StreamsHarness
{
    private const int Subscribers = 100;

    public static async Task RunAsync(int eventsPerSecond, TimeSpan publishFor, TimeSpan idle)
    {
        Report.Section($"streams: 1 publisher -> {Subscribers} subscriber grains, {eventsPerSecond} events/s for {publishFor.TotalSeconds:0} s; idle CPU over {idle.TotalSeconds:0} s");
        var results = new List<(TimeSpan Period, double P50, double P99, double Max, int Delivered, int Expected, double IdleCpuMs)>();
        foreach (var period in new[] { AgentInMemoryProviderExtensions.DefaultStreamPullPeriod, TimeSpan.FromMilliseconds(100) })
        {
            await using var cluster = await new AgentTestClusterBuilder(1).UseRealTime().UseStreamPullPeriod(period).DeployAsync().ConfigureAwait(false);
            var key = $"fanout-{Load.Next()}";
            await Task.WhenAll(Enumerable.Range(0, Subscribers).Select(i => cluster.Client.GetGrain<ISubscriberGrain>(Load.Next()).SubscribeAsync("bench", key))).ConfigureAwait(false);
            var stream = cluster.Client.GetStreamProvider(StreamProviderNames.Default).GetStream<long>(StreamId.Create("bench", key));

            // Warm the path (queue, pulling agent, subscribers), then let it settle.
            FanOutRecorder.Reset(Subscribers * 20);
            for (var i = 0; i < 10; i++)
            {
                await stream.OnNextAsync(Stopwatch.GetTimestamp()).ConfigureAwait(false);
            }

            await WaitForAsync(Subscribers * 10, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            GC.Collect();
            await Task.Delay(1000).ConfigureAwait(false);

            var process = Process.GetCurrentProcess();
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var wallBefore = Stopwatch.GetTimestamp();
            await Task.Delay(idle).ConfigureAwait(false);
            process.Refresh();
            var idleCpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds * (idle.TotalSeconds / Stopwatch.GetElapsedTime(wallBefore).TotalSeconds);

            var events = (int)(eventsPerSecond * publishFor.TotalSeconds);
            FanOutRecorder.Reset(events * Subscribers);
            var interval = Stopwatch.Frequency / eventsPerSecond;
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < events; i++)
            {
                var due = start + i * interval;
                var wait = Stopwatch.GetTimestamp() - due;
                if (wait < 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds((double)-wait / Stopwatch.Frequency)).ConfigureAwait(false);
                }

                await stream.OnNextAsync(Stopwatch.GetTimestamp()).ConfigureAwait(false);
            }

            await WaitForAsync(events * Subscribers, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            var latencies = FanOutRecorder.Milliseconds();
            results.Add((period, Load.Percentile(latencies, 50), Load.Percentile(latencies, 99), latencies.Length == 0 ? double.NaN : latencies.Max(), latencies.Length, events * Subscribers, idleCpu));
        }

        var fast = results[0];
        var slow = results[1];
        foreach (var r in results)
        {
            Report.Figure($"fan-out p99 publish-to-deliver, pull every {r.Period.TotalMilliseconds:0} ms", Report.Ms(r.P99), null, null,
                $"{(r.Period == fast.Period ? $"target < 20 ms: {(r.P99 < 20 ? "met" : "NOT met")}; " : "")}p50 {Report.Ms(r.P50)}, max {Report.Ms(r.Max)}, delivered {r.Delivered:N0}/{r.Expected:N0}");
        }

        Report.Figure($"idle silo CPU, pull every {fast.Period.TotalMilliseconds:0} ms", $"{fast.IdleCpuMs / idle.TotalSeconds:0.0} ms CPU/s",
            $"pull every 100 ms (Orleans default): {slow.IdleCpuMs / idle.TotalSeconds:0.0} ms CPU/s", fast.IdleCpuMs / slow.IdleCpuMs,
            $"{fast.IdleCpuMs / idle.TotalMilliseconds / Environment.ProcessorCount * 100:0.00}% vs {slow.IdleCpuMs / idle.TotalMilliseconds / Environment.ProcessorCount * 100:0.00}% of {Environment.ProcessorCount} cores");
    }

    private static async Task WaitForAsync(int count, TimeSpan deadline)
    {
        var until = Stopwatch.GetTimestamp() + (long)(deadline.TotalSeconds * Stopwatch.Frequency);
        while (FanOutRecorder.Count < count && Stopwatch.GetTimestamp() < until)
        {
            await Task.Delay(10).ConfigureAwait(false);
        }
    }
}
