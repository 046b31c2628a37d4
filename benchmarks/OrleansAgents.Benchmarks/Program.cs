using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using OrleansAgents.Benchmarks;

const string Usage = """
    usage: OrleansAgents.Benchmarks calls|activation|tasks|profile|startup|streams|durable|http|all [--seconds N] [--iterations N] [--idle-seconds N] [--rate N] [--watchers N]
      calls       client->grain and grain->grain calls/s, 1 and 16 callers, vs Channel<T> ping-pong (--seconds per figure, default 2)
      activation  activation floor: new grain per call, DeactivateOnIdle, 16 callers (--seconds, default 2)
      tasks       activation floor + no-op agent tasks/s (submit + wait, 16 submitters), p50/p99, ratio (--seconds, default 2)
      profile     agent tasks: grain calls and bytes per task, tasks/s without listing / recovery index, 4096 shards
      startup     3-silo InProcessTestCluster deploy + dispose: cold, warm p95 vs bare Generic Host (--iterations, default 10)
      streams     1 publisher -> 100 subscriber grains: p99 publish-to-deliver (--rate events/s, default 200, for --seconds);
                  idle CPU with 10 ms vs 100 ms pull period (--idle-seconds, default 10)
      durable     no-op agent tasks/s with grain state in PostgreSQL vs pgbench INSERT tps / writes per task: a durable server (fsync on,
                  Npgsql and ADO.NET storage), then one as the tests start it (fsync off, Npgsql); and in Redis (AOF everysec, always) vs
                  redis-benchmark SET; private servers (--seconds per figure; --durable-pg / --fast-pg: only that PostgreSQL server;
                  --only postgres|npgsql|redis (npgsql: PostgreSQL with the Npgsql storage alone); --batches N: Npgsql batches in flight)
      http        HTTP API on Kestrel: no-op tasks/s over HTTP (POST + SSE to the end) vs in-process AgentClient (--seconds);
                  --watchers SSE watchers (default 1000, in a second process of this program) of ticking tasks: p99 persisted-event -> watcher delay;
                  --no-inline-sockets: Kestrel's socket transport queues to the thread pool (the setting's A/B); --timeline: each event's spread
      all         calls, tasks, startup, streams
    """;

if (args.Length > 0 && args[0] == SseWatcherProcess.Command)
{
    // The http benchmark's SSE watchers, started by it in a process of their own.
    return await SseWatcherProcess.RunAsync(args[1..]);
}

string[] modes = ["calls", "activation", "tasks", "profile", "startup", "streams", "durable", "http", "all"];
if (args.Length == 0 || !modes.Contains(args[0]))
{
    Console.Error.WriteLine(Usage);
    return 2;
}

#if DEBUG
Console.Error.WriteLine("Build and run in Release: dotnet run -c Release --project benchmarks/OrleansAgents.Benchmarks -- " + args[0]);
return 2;
#else
var mode = args[0];
var options = args.Skip(1).ToList();
var seconds = TimeSpan.FromSeconds(Option("--seconds") ?? 2);
var iterations = (int)(Option("--iterations") ?? 10);
var idle = TimeSpan.FromSeconds(Option("--idle-seconds") ?? 10);
var rate = (int)(Option("--rate") ?? 200);
var watchers = (int)(Option("--watchers") ?? 1000);

Console.WriteLine($"Date (UTC): {DateTime.UtcNow:yyyy-MM-dd HH:mm}; {RuntimeInformation.FrameworkDescription} ({RuntimeInformation.RuntimeIdentifier}); {RuntimeInformation.OSDescription}");
// DATAS (the server GC's dynamic adaptation): the environment overrides the runtimeconfig.json setting.
var datas = Environment.GetEnvironmentVariable("DOTNET_GCDynamicAdaptationMode") ?? AppContext.GetData("System.GC.DynamicAdaptationMode")?.ToString() ?? "1";
Console.WriteLine($"Cores: {Environment.ProcessorCount}; GC: {(GCSettings.IsServerGC ? "server" : "workstation")}, {GCSettings.LatencyMode}, DATAS {(datas == "0" ? "off" : "on")}; load average {Report.LoadAverage()}");

if (mode is "calls" or "all")
{
    await CallsHarness.RunAsync(seconds);
}

if (mode is "activation")
{
    await TasksHarness.RunAsync(seconds, withTasks: false);
}

if (mode is "tasks" or "all")
{
    await TasksHarness.RunAsync(seconds, withTasks: true);
}

if (mode is "profile")
{
    await ProfileHarness.RunAsync(seconds);
}

if (mode is "durable")
{
    var only = options.IndexOf("--only") is var at and >= 0 && at + 1 < options.Count ? options[at + 1] : null;
    await DurableHarness.RunAsync(seconds, options.Contains("--durable-pg") ? "durable" : options.Contains("--fast-pg") ? "fast" : null, only, (int?)Option("--batches"));
}

if (mode is "startup" or "all")
{
    await StartupHarness.RunAsync(iterations);
}

if (mode is "streams" or "all")
{
    await StreamsHarness.RunAsync(rate, seconds < TimeSpan.FromSeconds(3) ? TimeSpan.FromSeconds(3) : seconds, idle);
}

if (mode is "http")
{
    await HttpHarness.RunAsync(seconds, watchers, inlineSockets: !options.Contains("--no-inline-sockets"), timeline: options.Contains("--timeline"), httpClientLoad: options.Contains("--http-client"));
}

return 0;

double? Option(string name)
{
    var index = options.IndexOf(name);
    return index >= 0 && index + 1 < options.Count ? double.Parse(options[index + 1], CultureInfo.InvariantCulture) : null;
}
#endif
