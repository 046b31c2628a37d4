using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace OrleansAgents.Benchmarks;

/// <summary>One SSE event as a watcher received it: UTC ticks of the event's own time, its arrival, and its watcher's connection.</summary>
internal readonly record struct SseArrival(string TaskId, long Sequence, long AtTicks, long ArrivedTicks, long ConnectedTicks);

/// <summary>
/// The SSE watchers of the <c>http</c> figure, in a process of their own (as <c>wrk</c> or any real client would be), so
/// the silo's process collects only its own garbage: <c>sse-watchers URL KEY IDS-FILE OUT-FILE</c> opens
/// <c>GET /tasks/{id}/events</c> for every id in IDS-FILE at once, reads each stream to its end, and writes one line per
/// event received (<see cref="SseArrival"/>) to OUT-FILE. The machine's clock is shared with the silo's process, so
/// the parent subtracts the persisted times it noted from these arrival times.
/// </summary>
internal static class SseWatcherProcess
{
    public const string Command = "sse-watchers";
    private const string GcLine = "gc";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 4)
        {
            Console.Error.WriteLine($"usage: {Command} URL KEY IDS-FILE OUT-FILE");
            return 2;
        }

        using var pauses = new GcPauses();
        var started = DateTime.UtcNow.Ticks;
        var ids = await File.ReadAllLinesAsync(args[2]).ConfigureAwait(false);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri(args[0]),
            Timeout = TimeSpan.FromMinutes(2),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", args[1]);
        var arrivals = new ConcurrentBag<SseArrival>();
        await Task.WhenAll(ids.Select(id => Task.Run(async () =>
        {
            using var response = await http.GetAsync($"/tasks/{id}/events", HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            var connected = DateTime.UtcNow.Ticks;
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync().ConfigureAwait(false), Encoding.UTF8);
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (!line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    continue;
                }

                var arrived = DateTime.UtcNow.Ticks;
                using var json = JsonDocument.Parse(line.AsMemory(6));
                var root = json.RootElement;
                arrivals.Add(new SseArrival(root.GetProperty("taskId").GetString()!, root.GetProperty("sequence").GetInt64(),
                    root.GetProperty("at").GetDateTimeOffset().UtcTicks, arrived, connected));
            }
        }))).ConfigureAwait(false);
        await File.WriteAllLinesAsync(args[3], arrivals.Select(a => string.Join(',', a.TaskId, a.Sequence, a.AtTicks, a.ArrivedTicks, a.ConnectedTicks))
            .Concat(pauses.Since(started).Select(p => string.Join(',', GcLine, p.StartTicks, p.EndTicks, p.Generation, p.PromotedBytes)))).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Runs the watchers of <paramref name="ids"/> in a new process of this program and returns what they received, and that process's GC pauses.</summary>
    public static async Task<(IReadOnlyList<SseArrival> Arrivals, IReadOnlyList<GcPause> Pauses)> WatchAsync(Uri baseAddress, string key, IReadOnlyList<string> ids)
    {
        var idsFile = Path.GetTempFileName();
        var outFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(idsFile, ids).ConfigureAwait(false);
            var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardError = true, UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            {
                start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
            }

            // The watchers stand in for a load generator such as wrk: their code is compiled optimized from the start, so
            // the first events of a round (each round is a new process) are not read by unoptimized code still being tiered
            // up. (Not what made the first burst slow: that was the send queued behind the burst, see InlineSocketScheduling.)
            start.Environment["DOTNET_TieredCompilation"] = "0";

            foreach (var argument in new[] { Command, baseAddress.ToString(), key, idsFile, outFile })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"The SSE watcher process exited with {process.ExitCode}: {await errors.ConfigureAwait(false)}");
            }

            var lines = (await File.ReadAllLinesAsync(outFile).ConfigureAwait(false)).Select(line => line.Split(',')).ToList();
            var arrivals = lines.Where(f => f[0] != GcLine)
                .Select(f => new SseArrival(f[0], long.Parse(f[1], CultureInfo.InvariantCulture), long.Parse(f[2], CultureInfo.InvariantCulture),
                    long.Parse(f[3], CultureInfo.InvariantCulture), long.Parse(f[4], CultureInfo.InvariantCulture)))
                .ToList();
            var pauses = lines.Where(f => f[0] == GcLine)
                .Select(f => new GcPause(long.Parse(f[1], CultureInfo.InvariantCulture), long.Parse(f[2], CultureInfo.InvariantCulture), int.Parse(f[3], CultureInfo.InvariantCulture), long.Parse(f[4], CultureInfo.InvariantCulture)))
                .ToList();
            return (arrivals, pauses);
        }
        finally
        {
            File.Delete(idsFile);
            File.Delete(outFile);
        }
    }
}
