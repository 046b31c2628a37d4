using System.Threading.Channels;
using OrleansAgents.Testing;

namespace OrleansAgents.Benchmarks;

/// <summary>
/// Client-to-grain and grain-to-grain calls/s on one silo (InProcessTestCluster, client in process), 1 and 16 callers,
/// each beside <see cref="Channel{T}"/> ping-pong round trips/s with as many pairs, from the same run.
/// </summary>
internal static class CallsHarness
{
    public static async Task RunAsync(TimeSpan duration)
    {
        Report.Section("calls: 1 silo + client in process");
        await using var cluster = await new AgentTestClusterBuilder(1).UseRealTime().DeployAsync().ConfigureAwait(false);
        var client = cluster.Client;
        var warm = TimeSpan.FromMilliseconds(500);
        foreach (var callers in new[] { 1, 16 })
        {
            await ChannelAsync(callers, warm).ConfigureAwait(false);
            var channel = await ChannelAsync(callers, duration).ConfigureAwait(false);

            var pings = Enumerable.Range(0, callers).Select(i => client.GetGrain<IPingGrain>(callers * 1000 + i)).ToArray();
            await Load.RunAsync(callers, warm, w => pings[w].PingAsync(w)).ConfigureAwait(false);
            var fromClient = await Load.RunAsync(callers, duration, w => pings[w].PingAsync(w)).ConfigureAwait(false);

            await DriveAsync(client, callers, warm).ConfigureAwait(false);
            var grainToGrain = await DriveAsync(client, callers, duration).ConfigureAwait(false);

            var baseline = $"Channel<T> ping-pong, {callers} pair(s): {Report.N(channel)}/s";
            Report.Figure($"client->grain calls/s, {callers} caller(s)", Report.N(fromClient.PerSecond) + "/s", baseline, fromClient.PerSecond / channel,
                $"{Report.N(fromClient.BytesPerOperation)} B/call");
            Report.Figure($"grain->grain calls/s, {callers} caller(s)", Report.N(grainToGrain) + "/s", baseline, grainToGrain / channel);
        }
    }

    /// <summary>Grain-to-grain: <paramref name="callers"/> driver grains each call their own ping grain back to back.</summary>
    private static async Task<double> DriveAsync(IClusterClient client, int callers, TimeSpan duration)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var counts = await Task.WhenAll(Enumerable.Range(0, callers).Select(i =>
            client.GetGrain<IDriverGrain>(callers * 1000 + i).DriveAsync(100_000 + callers * 1000 + i, duration))).ConfigureAwait(false);
        return counts.Sum() / System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>Round trips/s of <paramref name="pairs"/> requester/responder pairs over two channels each.</summary>
    public static async Task<double> ChannelAsync(int pairs, TimeSpan duration)
    {
        var options = new UnboundedChannelOptions { SingleReader = true, SingleWriter = true, AllowSynchronousContinuations = false };
        var requests = Enumerable.Range(0, pairs).Select(_ => Channel.CreateUnbounded<int>(options)).ToArray();
        var replies = Enumerable.Range(0, pairs).Select(_ => Channel.CreateUnbounded<int>(options)).ToArray();
        var responders = Enumerable.Range(0, pairs).Select(p => Task.Run(async () =>
        {
            await foreach (var request in requests[p].Reader.ReadAllAsync().ConfigureAwait(false))
            {
                await replies[p].Writer.WriteAsync(request).ConfigureAwait(false);
            }
        })).ToArray();
        var result = await Load.RunAsync(pairs, duration, async p =>
        {
            await requests[p].Writer.WriteAsync(p).ConfigureAwait(false);
            await replies[p].Reader.ReadAsync().ConfigureAwait(false);
        }).ConfigureAwait(false);
        foreach (var request in requests)
        {
            request.Writer.Complete();
        }

        await Task.WhenAll(responders).ConfigureAwait(false);
        return result.PerSecond;
    }
}
