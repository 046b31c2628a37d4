using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace OrleansAgents.Benchmarks;

/// <summary>
/// Submit-to-complete load over HTTP by <c>wrk</c> (Debian's package), a process of its own on loopback: each of its
/// connections posts a no-op task under a new id, and a submit not answered with the task's end is followed, on the same
/// thread, by <c>GET /tasks/{id}/events</c>, whose stream ends after the terminal event. A task counts when its end was
/// seen (in the submit's answer or at the end of its stream) and it was Succeeded; anything else is an error.
/// </summary>
internal static partial class WrkLoad
{
    /// <summary>wrk threads (one per core of this machine).</summary>
    private const int Threads = 2;

    // One Lua state per wrk thread: ids are unique per run (prefix), thread and request. A submit that did not end
    // inline leaves its id for the thread's next request, which watches it to the end.
    private const string Script = """
        local threads = {}
        local next_thread = 0

        function setup(thread)
          thread:set("tid", next_thread)
          next_thread = next_thread + 1
          table.insert(threads, thread)
        end

        function init(args)
          prefix = args[1] .. "-" .. tid .. "-"
          key = args[2]
          n = 0
          ended, watched, streams, errors = 0, 0, 0, 0
          pending = {}
        end

        function request()
          local id = table.remove(pending)
          if id then
            return wrk.format("GET", "/tasks/" .. id .. "/events", { ["Authorization"] = "Bearer " .. key })
          end
          n = n + 1
          return wrk.format("POST", "/tasks", { ["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json" },
            '{"agent":"noop","input":1,"id":"' .. prefix .. n .. '"}')
        end

        function response(status, headers, body)
          if string.sub(body, 1, 1) == "{" then
            if status ~= 201 then
              errors = errors + 1
            elseif string.find(body, '"status":"Succeeded"', 1, true) then
              ended = ended + 1
            else
              local id = string.match(body, '"taskId":"([^"]+)"')
              if id then watched = watched + 1; table.insert(pending, id) else errors = errors + 1 end
            end
          elseif status == 200 and string.find(body, '"status":"Succeeded"', 1, true) then
            streams = streams + 1
          else
            errors = errors + 1
          end
        end

        function done(summary, latency, requests)
          local e, w, s, x = 0, 0, 0, 0
          for _, t in ipairs(threads) do
            e = e + t:get("ended"); w = w + t:get("watched"); s = s + t:get("streams"); x = x + t:get("errors")
          end
          io.write(string.format("RESULT ended=%d watched=%d streams=%d errors=%d seconds=%f p50=%f p99=%f\n",
            e, w, s, x, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
        end
        """;

    private static string? s_script;

    /// <summary>Runs wrk with <paramref name="connections"/> connections for <paramref name="duration"/> against <paramref name="baseAddress"/>.</summary>
    public static async Task<WrkResult> RunAsync(Uri baseAddress, string key, int connections, TimeSpan duration, string idPrefix)
    {
        if (s_script is null)
        {
            s_script = Path.Combine(Path.GetTempPath(), $"orleansagents-wrk-{Environment.ProcessId}.lua");
            await File.WriteAllTextAsync(s_script, Script).ConfigureAwait(false);
        }

        var start = new ProcessStartInfo("wrk")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "-t", Threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{Math.Max(1, (int)Math.Round(duration.TotalSeconds))}s", "--timeout", "30s", "--latency", "-s", s_script,
            baseAddress.ToString().TrimEnd('/'), "--", idPrefix, key,
        })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException("The http benchmark's load generator is wrk: install it with 'apt-get install -y wrk'.", exception);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().ConfigureAwait(false);
            var text = await output.ConfigureAwait(false);
            var match = ResultLine().Match(text);
            if (process.ExitCode != 0 || !match.Success)
            {
                throw new InvalidOperationException($"wrk failed (exit {process.ExitCode}): {text} {await error.ConfigureAwait(false)}");
            }

            double D(string name) => double.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture);
            return new WrkResult((long)D("ended"), (long)D("watched"), (long)D("streams"), (long)D("errors"), D("seconds"), D("p50"), D("p99"));
        }
    }

    [GeneratedRegex(@"RESULT ended=(?<ended>\d+) watched=(?<watched>\d+) streams=(?<streams>\d+) errors=(?<errors>\d+) seconds=(?<seconds>[\d.]+) p50=(?<p50>[\d.]+) p99=(?<p99>[\d.]+)")]
    private static partial Regex ResultLine();
}

/// <summary>
/// A wrk run: submits answered with the task's end, submits followed by a watch, watches that saw the end, errors (a
/// refused submit, a stream that did not end Succeeded), the run's seconds and the per-request latency percentiles (ms).
/// </summary>
internal sealed record WrkResult(long Ended, long Watched, long Streams, long Errors, double Seconds, double P50Ms, double P99Ms)
{
    /// <summary>Tasks seen to end Succeeded per second.</summary>
    public double PerSecond => (Ended + Streams) / Seconds;
}
