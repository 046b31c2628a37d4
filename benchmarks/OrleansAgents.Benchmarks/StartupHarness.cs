using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using OrleansAgents.Testing;

namespace OrleansAgents.Benchmarks;

/// <summary>3-silo InProcessTestCluster (agent runtime, real time) deploy + dispose: one cold, then warm p95; baseline a bare Generic Host start + stop + dispose.</summary>
internal static class StartupHarness
{
    public static async Task RunAsync(int iterations)
    {
        Report.Section($"startup: 3-silo InProcessTestCluster deploy + dispose, 1 cold + {iterations} warm");
        var cold = await ClusterOnceAsync().ConfigureAwait(false);
        var warm = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            warm[i] = await ClusterOnceAsync().ConfigureAwait(false);
        }

        await HostOnceAsync().ConfigureAwait(false);
        var hosts = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            hosts[i] = await HostOnceAsync().ConfigureAwait(false);
        }

        var p95 = Load.Percentile(warm, 95);
        var hostP95 = Load.Percentile(hosts, 95);
        Report.Figure("3-silo cluster deploy + dispose, cold (first)", Report.Ms(cold));
        Report.Figure("3-silo cluster deploy + dispose, warm p95", Report.Ms(p95), $"bare Generic Host start+stop p95 {Report.Ms(hostP95)}", p95 / hostP95,
            $"target p95 < 1000 ms: {(p95 < 1000 ? "met" : "NOT met")}; warm p50 {Report.Ms(Load.Percentile(warm, 50))}, min {Report.Ms(warm.Min())}, max {Report.Ms(warm.Max())}");
    }

    private static async Task<double> ClusterOnceAsync()
    {
        var started = Stopwatch.GetTimestamp();
        var cluster = await new AgentTestClusterBuilder(3).UseRealTime().DeployAsync().ConfigureAwait(false);
        await cluster.DisposeAsync().ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static async Task<double> HostOnceAsync()
    {
        var started = Stopwatch.GetTimestamp();
        using (var host = new HostBuilder().Build())
        {
            await host.StartAsync().ConfigureAwait(false);
            await host.StopAsync().ConfigureAwait(false);
        }

        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
}
