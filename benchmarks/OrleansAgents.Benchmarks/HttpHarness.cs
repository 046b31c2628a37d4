using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using OrleansAgents.Agents;
using OrleansAgents.Hosting;

namespace OrleansAgents.Benchmarks;

/// <summary>
/// The HTTP API co-hosted with one silo (Kestrel on loopback, memory storage, the no-op agent): submit-to-complete
/// throughput over HTTP (<c>POST /tasks</c>, then <c>GET /tasks/{id}/events</c> until the stream ends after the
/// terminal event) by an HttpClient load loop, against the in-process AgentClient (submit + wait) on the same silo in
/// the same run; then 1,000 concurrent SSE watchers of ticking tasks: the delay from each event's persisted time
/// (<c>At</c>) to its arrival at the watcher.
/// </summary>
internal static class HttpHarness
{
    private const int Callers = 16;
    private const double ThroughputTarget = 0.5;
    private const int ThroughputRounds = 5;
    private const double DelayTargetMs = 50;
    private const string Key = "bench-key";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static async Task RunAsync(TimeSpan duration, int watchers, bool inlineSockets, bool timeline, bool httpClientLoad)
    {
        Report.Section($"http: 1 silo + HTTP API on Kestrel (loopback; socket continuations {(inlineSockets ? "inline" : "queued to the thread pool")}), memory storage, {Callers} callers; load by {(httpClientLoad ? "an HttpClient loop in this process" : "wrk, a process of its own")}");
        await OnFreshSiloAsync(inlineSockets, (host, http, agents) => ThroughputAsync(http, agents, duration, httpClientLoad)).ConfigureAwait(false);

        // The watchers get a silo of their own: memory storage keeps every state it was given, and the throughput runs'
        // hundreds of thousands of task states would otherwise sit in this process's heap (a durable provider keeps
        // them in its database), making each garbage collection during the watchers' bursts longer.
        await OnFreshSiloAsync(inlineSockets, (host, http, agents) => WatchersPhaseAsync(http, agents, watchers, timeline)).ConfigureAwait(false);
    }

    private static async Task OnFreshSiloAsync(bool inlineSockets, Func<IHost, HttpClient, AgentClient, Task> measure)
    {
        var port = FreePort();
        using var host = await StartAsync(port, inlineSockets).ConfigureAwait(false);
        try
        {
            var agents = new AgentClient(host.Services.GetRequiredService<IClusterClient>(), new AgentCaller("bench"));
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}"),
                Timeout = TimeSpan.FromMinutes(2),
            };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
            await measure(host, http, agents).ConfigureAwait(false);
        }
        finally
        {
            await host.StopAsync().ConfigureAwait(false);
        }
    }

    private static async Task ThroughputAsync(HttpClient http, AgentClient agents, TimeSpan duration, bool httpClientLoad)
    {
        // Both paths warm up alike before either is measured, in 3 turns of 2 s each (a 1 s warm-up measured the in-process
        // path at a third of its warm rate), and are then measured in 5 alternating rounds of equal length, the ratio of the
        // mean rates, as the tasks figure is (since session 13). Until then each was warmed 3 s and then measured once, the in-process path
        // first: with dynamic PGO its code was still in its instrumented phase then (3.5 - 6.7k/s, against 13k/s with
        // DOTNET_TieredPGO=0), which flattered the ratio.
        var run = Load.Next();
        var rounds = 0;
        Func<TimeSpan, Task<(double PerSecond, long Watched, long Errors, double P50, double P99)>> overHttp = httpClientLoad
            ? async d =>
            {
                var r = await OverHttpAsync(http, d).ConfigureAwait(false);
                return (r.PerSecond, 0, 0, r.Percentile(50), r.Percentile(99));
            }
            : async d =>
            {
                var r = await WrkLoad.RunAsync(http.BaseAddress!, Key, Callers, d, $"wrk{run}-{rounds++}").ConfigureAwait(false);
                return (r.PerSecond, r.Watched, r.Errors, r.P50Ms, r.P99Ms);
            };
        var warm = TimeSpan.FromSeconds(2);
        for (var turn = 0; turn < 3; turn++)
        {
            await InProcessAsync(agents, warm).ConfigureAwait(false);
            await overHttp(warm).ConfigureAwait(false);
        }

        var round = duration / ThroughputRounds;
        var inProcessRounds = new List<LoadResult>();
        var overHttpRounds = new List<(double PerSecond, long Watched, long Errors, double P50, double P99)>();
        for (var i = 0; i < ThroughputRounds; i++)
        {
            inProcessRounds.Add(await InProcessAsync(agents, round).ConfigureAwait(false));
            overHttpRounds.Add(await overHttp(round).ConfigureAwait(false));
        }

        var inProcess = LoadResult.Sum(inProcessRounds);
        // Rounds of equal length: the mean rate is the rate of the sums.
        var httpRate = overHttpRounds.Average(r => r.PerSecond);
        var inProcessRate = inProcessRounds.Average(r => r.PerSecond);
        var ratio = httpRate / inProcessRate;
        var errors = overHttpRounds.Sum(r => r.Errors);
        Report.Figure($"no-op tasks/s over HTTP: POST (+ SSE to the end unless answered ended), {Callers} connections, {(httpClientLoad ? "HttpClient loop in this process" : "wrk")}", Report.N(httpRate) + "/s",
            $"in-process AgentClient submit + wait {Report.N(inProcessRate)}/s", ratio,
            $"target >= {ThroughputTarget}x: {(ratio >= ThroughputTarget && errors == 0 ? "met" : "NOT met")}; request p50 {Report.Ms(overHttpRounds.Max(r => r.P50))}, p99 {Report.Ms(overHttpRounds.Max(r => r.P99))} (worst round; in-process task p50 {Report.Ms(inProcess.Percentile(50))}, p99 {Report.Ms(inProcess.Percentile(99))})");
        Console.WriteLine($"  submits not answered with the end (then watched over SSE): {overHttpRounds.Sum(r => r.Watched)}; errors: {errors}");
        Console.WriteLine($"  ratio per round (over HTTP / in-process just before): {string.Join(", ", overHttpRounds.Select((h, i) => string.Create(CultureInfo.InvariantCulture, $"{h.PerSecond / inProcessRounds[i].PerSecond:0.000} ({h.PerSecond:0} / {inProcessRounds[i].PerSecond:0})")))}");
    }

    private static async Task WatchersPhaseAsync(HttpClient http, AgentClient agents, int watchers, bool timeline)
    {
        // The watch path (progress writes, long polls, 1,000 open streams) is not what the throughput loops ran: its
        // first round runs on freshly jitted code. A first round of the same shape warms it; the figure is the second.
        using var pauses = new GcPauses();
        var cold = await WatchersAsync(http, agents, watchers, ticks: 10, pauses, timeline).ConfigureAwait(false);
        var measured = await WatchersAsync(http, agents, watchers, ticks: 25, pauses, timeline).ConfigureAwait(false);
        var p99 = Load.Percentile(measured.Delays, 99);
        Report.Figure($"{watchers} SSE watchers: persisted event -> watcher delay", $"p99 {Report.Ms(p99)}", null, null,
            $"target < {DelayTargetMs} ms: {(p99 < DelayTargetMs ? "met" : "NOT met")}; p50 {Report.Ms(Load.Percentile(measured.Delays, 50))}, max {Report.Ms(measured.Delays.Length == 0 ? double.NaN : measured.Delays.Max())}, {measured.Delays.Length}/{measured.Expected} live events; {measured.Gc}");
        Report.Figure($"{watchers} SSE watchers: transition (event At, before its write) -> watcher", $"p99 {Report.Ms(Load.Percentile(measured.FromTransition, 99))}", null, null,
            $"p50 {Report.Ms(Load.Percentile(measured.FromTransition, 50))}, max {Report.Ms(measured.FromTransition.Length == 0 ? double.NaN : measured.FromTransition.Max())}; includes the write, queued behind the burst's other writes");
        Report.Figure($"{watchers} SSE watchers, first (cold) round: persisted event -> watcher delay", $"p99 {Report.Ms(Load.Percentile(cold.Delays, 99))}", null, null,
            $"p50 {Report.Ms(Load.Percentile(cold.Delays, 50))}, max {Report.Ms(cold.Delays.Length == 0 ? double.NaN : cold.Delays.Max())}, {cold.Delays.Length}/{cold.Expected} live events; {cold.Gc}");
        Console.WriteLine($"  measured round, p99 of each event in turn: {string.Join(", ", measured.P99BySequence.Select(p => p.ToString("0", CultureInfo.InvariantCulture)))} ms");
        Console.WriteLine($"  measured round: {measured.Pauses}");
    }

    private static Task<LoadResult> InProcessAsync(AgentClient agents, TimeSpan duration) =>
        Load.RunAsync(Callers, duration, async _ =>
        {
            var done = await agents.RunAsync("noop", 1, TimeSpan.FromSeconds(30), $"ip{Load.Next()}").ConfigureAwait(false);
            Ensure(done.Status == AgentTaskStatus.Succeeded, $"Task {done.TaskId} ended {done.Status}.");
        }, latencies: true);

    private static Task<LoadResult> OverHttpAsync(HttpClient http, TimeSpan duration) =>
        Load.RunAsync(Callers, duration, async _ =>
        {
            var id = $"h{Load.Next()}";
            using (var submitted = await http.PostAsJsonAsync("/tasks", new { agent = "noop", input = 1, id }, Json).ConfigureAwait(false))
            {
                Ensure(submitted.StatusCode == HttpStatusCode.Created, $"POST /tasks answered {(int)submitted.StatusCode}.");

                // As AgentClient.RunAsync: a submit that answers with the end needs no watching.
                if ((await submitted.Content.ReadAsStringAsync().ConfigureAwait(false)).Contains("\"status\":\"Succeeded\"", StringComparison.Ordinal))
                {
                    return;
                }
            }

            // The stream ends after the terminal event: its last data line is the outcome.
            var body = await http.GetStringAsync($"/tasks/{id}/events").ConfigureAwait(false);
            Ensure(body.Contains("\"status\":\"Succeeded\"", StringComparison.Ordinal), $"Task {id} did not succeed: {body}");
        }, latencies: true);

    /// <summary>
    /// <paramref name="count"/> tasks that start ticking together once every watcher could connect, then report progress
    /// every 200 ms for 5 s, each followed by its own SSE watcher; returns the delays of the events persisted after the
    /// watcher connected (in ms) and how many events the ticking makes (progress reports and the Succeeded).
    /// </summary>
    private static async Task<WatchRound> WatchersAsync(HttpClient http, AgentClient agents, int count, int ticks, GcPauses siloPauses, bool printTimeline)
    {
        var roundStart = DateTime.UtcNow.Ticks;
        var timeline = new List<(long Sequence, long At, long Persisted, long Arrived)>();
        var slow = new List<(long From, long To)>();
        var delays = new List<double>();
        var bySequence = new SortedDictionary<long, List<double>>();
        var fromTransition = new List<double>();
        var run = Load.Next();
        var ids = Enumerable.Range(0, count).Select(i => $"w{run}-{i}").ToArray();
        PersistTimes.TrackedPrefix = $"w{run}-";
        var startAt = DateTimeOffset.UtcNow.AddSeconds(10).ToUnixTimeMilliseconds();
        var (gen0, gen1, gen2, paused, allocated) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());
        await Task.WhenAll(ids.Select(id => agents.SubmitAsync("tick", new TickInput(ticks, 200, startAt), id))).ConfigureAwait(false);
        var (arrivals, watcherPauses) = await SseWatcherProcess.WatchAsync(http.BaseAddress!, Key, ids).ConfigureAwait(false);
        foreach (var arrival in arrivals)
        {
            if (arrival.AtTicks <= arrival.ConnectedTicks)
            {
                continue;
            }

            var arrived = new DateTimeOffset(arrival.ArrivedTicks, TimeSpan.Zero);
            fromTransition.Add((arrived - new DateTimeOffset(arrival.AtTicks, TimeSpan.Zero)).TotalMilliseconds);
            if (PersistTimes.Of(arrival.TaskId, arrival.Sequence) is { } persisted)
            {
                var delay = (arrived - persisted).TotalMilliseconds;
                delays.Add(delay);
                if (delay >= DelayTargetMs)
                {
                    slow.Add((persisted.UtcTicks, arrived.UtcTicks));
                }

                if (!bySequence.TryGetValue(arrival.Sequence, out var ofSequence))
                {
                    bySequence[arrival.Sequence] = ofSequence = [];
                }

                ofSequence.Add(delay);
                timeline.Add((arrival.Sequence, arrival.AtTicks, persisted.UtcTicks, arrival.ArrivedTicks));
            }
        }

        // A watcher's connection time is on each of its arrivals.
        var connected = arrivals.GroupBy(a => a.TaskId).Select(g => new DateTimeOffset(g.First().ConnectedTicks, TimeSpan.Zero)).ToList();
        var late = connected.Count(c => c.ToUnixTimeMilliseconds() > startAt);
        if (connected.Count < count)
        {
            Console.WriteLine($"  ({count - connected.Count} watchers received nothing)");
        }

        if (late > 0)
        {
            Console.WriteLine($"  ({late} watchers connected after the ticking started: raise the start delay)");
        }

        var gc = $"GC while it ran: {GC.CollectionCount(0) - gen0} gen0, {GC.CollectionCount(1) - gen1} gen1, {GC.CollectionCount(2) - gen2} gen2, {Report.Ms((GC.GetTotalPauseDuration() - paused).TotalMilliseconds)} paused, {(GC.GetTotalAllocatedBytes() - allocated) / (count * (ticks + 3)):N0} B allocated per event (all threads), heap {GC.GetGCMemoryInfo().HeapSizeBytes / (1024 * 1024):N0} MB after the last collection";
        if (printTimeline)
        {
            // Each event of the ticking, in ms after the earliest transition to it: when the 1,000 tasks made it (At), when
            // their writes landed, and when the watchers read it. Deliveries that wait for the whole burst show as an
            // arrival p1 near the persisted p99.
            Console.WriteLine($"  {(ticks > 10 ? "measured" : "cold")} round, ms after each event's first transition:");
            foreach (var ofSequence in timeline.GroupBy(t => t.Sequence).OrderBy(g => g.Key))
            {
                var first = ofSequence.Min(t => t.At);
                string Spread(Func<(long Sequence, long At, long Persisted, long Arrived), long> time) =>
                    string.Join(" / ", new[] { 1.0, 50, 99 }.Select(q => Load.Percentile([.. ofSequence.Select(t => (time(t) - first) / (double)TimeSpan.TicksPerMillisecond)], q).ToString("0.0", CultureInfo.InvariantCulture)));
                Console.WriteLine($"    event {ofSequence.Key}: transition p1/p50/p99 {Spread(t => t.At)} | persisted {Spread(t => t.Persisted)} | read by the watcher {Spread(t => t.Arrived)}");
            }
        }

        var p99BySequence = bySequence.Values.Select(v => Load.Percentile([.. v], 99)).ToArray();
        return new WatchRound([.. delays], [.. fromTransition], count * (ticks + 1), gc, p99BySequence, Attribute(slow, siloPauses.Since(roundStart), watcherPauses, DateTimeOffset.FromUnixTimeMilliseconds(startAt).UtcTicks));
    }

    /// <summary>Says how many of the events at or over the target waited for a garbage collection, and in which process.</summary>
    private static string Attribute(List<(long From, long To)> slow, IReadOnlyList<GcPause> silo, IReadOnlyList<GcPause> watcher, long startTicks)
    {
        var across = slow.Select(e => (Silo: silo.Any(p => p.Overlaps(e.From, e.To)), Watcher: watcher.Any(p => p.Overlaps(e.From, e.To)))).ToList();
        var (inSilo, inWatcher, neither) = (across.Count(a => a.Silo), across.Count(a => a.Watcher), across.Count(a => !a.Silo && !a.Watcher));
        string Describe(IReadOnlyList<GcPause> pauses) => pauses.Count == 0
            ? "none"
            : $"{pauses.Count} ({string.Join(", ", pauses.Select(p => $"gen{p.Generation} {p.Milliseconds.ToString("0.0", CultureInfo.InvariantCulture)} ms ({p.PromotedBytes / (1024 * 1024)} MB kept) at {TimeSpan.FromTicks(p.StartTicks - startTicks).TotalSeconds.ToString("+0.00;-0.00", CultureInfo.InvariantCulture)} s"))})";
        return $"{slow.Count} events took >= {DelayTargetMs} ms: {inSilo} across a silo GC pause, {inWatcher} across a watcher-process pause, {neither} across neither; pauses in the silo process {Describe(silo)}, in the watcher process {Describe(watcher)}";
    }

    private static async Task<IHost> StartAsync(int port, bool inlineSockets)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Key)));
        var host = new HostBuilder()
            .ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["OrleansAgents:Http:ApiKeys:0:User"] = "bench",
                ["OrleansAgents:Http:ApiKeys:0:KeySha256"] = hash,
                ["OrleansAgents:Http:RateLimitBurst"] = "1000000",
                ["OrleansAgents:Http:RateLimitPerSecond"] = "1000000",
                ["OrleansAgents:Http:InlineSocketScheduling"] = inlineSockets ? "true" : "false",
            }))
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .UseOrleans(silo => silo
                .UseLocalhostClustering(FreePort(), FreePort())
                .AddAgentInMemoryProviders()
                .AddAgentRuntime(o => o.StorageName = PersistTimes.Name)
                .AddAgent<NoopAgent>("noop")
                .AddAgent<TickAgent>("tick")
                .ConfigureServices(services => services.AddKeyedSingleton<IGrainStorage>(PersistTimes.Name, (sp, _) => new PersistTimes(sp.GetRequiredKeyedService<IGrainStorage>("Default")))))
            .ConfigureServices((context, services) => services.AddAgentHttpApi(context.Configuration))
            .ConfigureWebHost(web => web
                .UseKestrel()
                .UseUrls($"http://127.0.0.1:{port}")
                .Configure(app =>
                {
                    app.UseRouting();
                    app.UseAgentHttpApi();
                    app.UseEndpoints(endpoints => endpoints.MapAgentHttpApi());
                }))
            .Build();
        await host.StartAsync().ConfigureAwait(false);
        return host;
    }

    private static void Ensure(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One round of SSE watchers: the delays (ms) of live events, how many the ticking made, GC activity, and the p99 of each event in order.</summary>
internal sealed record WatchRound(double[] Delays, double[] FromTransition, int Expected, string Gc, double[] P99BySequence, string Pauses);

/// <summary>Input of <see cref="TickAgent"/>.</summary>
internal sealed record TickInput(int Ticks, int IntervalMilliseconds, long StartAtUnixMilliseconds);

/// <summary>Waits for the common start, then reports progress every interval (each report a persisted event) and succeeds.</summary>
internal sealed class TickAgent : Agent<TickInput>
{
    protected override async Task<AgentResult> RunAsync(TickInput input, AgentContext context)
    {
        var wait = DateTimeOffset.FromUnixTimeMilliseconds(input.StartAtUnixMilliseconds) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, context.CancellationToken).ConfigureAwait(false);
        }

        for (var tick = 1; tick <= input.Ticks; tick++)
        {
            await Task.Delay(input.IntervalMilliseconds, context.CancellationToken).ConfigureAwait(false);
            await context.ReportProgressAsync(100.0 * tick / input.Ticks).ConfigureAwait(false);
        }

        return AgentResult.From(input.Ticks);
    }
}
