using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansAgents.Benchmarks.Grains;
using OrleansAgents.Benchmarks.Reporting;
using OrleansAgents.TestingHost;

namespace OrleansAgents.Benchmarks.Startup;

/// <summary>
/// How long a 3-silo <see cref="TestCluster"/> takes to deploy and to dispose, against the same for bare
/// Generic Hosts (no silo) built the way the test cluster builds each silo's host. The cases alternate within
/// each iteration so that noise from other work on the machine falls on both alike. One cold round (first-time
/// JIT) runs first and is reported on its own.
/// </summary>
internal static class StartupHarness
{
    /// <summary>The target: deploy plus dispose of a 3-silo cluster, at the 95th percentile, under this many milliseconds.</summary>
    public const double MaxStartAndDisposeMilliseconds = 1000;

    private const int Silos = 3;

    public static async Task<List<TargetResult>> RunAsync(int iterations)
    {
        var cold = await MeasureClusterAsync().ConfigureAwait(false);
        var coldHost = await MeasureHostsAsync(1).ConfigureAwait(false);
        var clusterStart = new Samples();
        var clusterDispose = new Samples();
        var clusterTotal = new Samples();
        var hostTotal = new Samples();
        var hostStart = new Samples();
        var hostDispose = new Samples();
        var hosts3Total = new Samples();
        for (var i = 0; i < iterations; i++)
        {
            var (start, dispose) = await MeasureClusterAsync().ConfigureAwait(false);
            clusterStart.Add(start);
            clusterDispose.Add(dispose);
            clusterTotal.Add(start + dispose);

            var (hStart, hDispose) = await MeasureHostsAsync(1).ConfigureAwait(false);
            hostStart.Add(hStart);
            hostDispose.Add(hDispose);
            hostTotal.Add(hStart + hDispose);

            var (h3Start, h3Dispose) = await MeasureHostsAsync(Silos).ConfigureAwait(false);
            hosts3Total.Add(h3Start + h3Dispose);
        }

        var table = new TextTable("Measurement (ms)", "mean", "p50", "p95", "min", "max");
        table.Add(["3-silo TestCluster: DeployAsync", .. clusterStart.Cells()]);
        table.Add(["3-silo TestCluster: DisposeAsync", .. clusterDispose.Cells()]);
        table.Add(["3-silo TestCluster: deploy + dispose", .. clusterTotal.Cells()]);
        table.Add(["baseline: 1 bare Generic Host: start", .. hostStart.Cells()]);
        table.Add(["baseline: 1 bare Generic Host: stop + dispose", .. hostDispose.Cells()]);
        table.Add(["baseline: 1 bare Generic Host: start + stop + dispose", .. hostTotal.Cells()]);
        table.Add(["baseline: 3 bare Generic Hosts in parallel: start + stop + dispose", .. hosts3Total.Cells()]);
        Console.WriteLine();
        Console.WriteLine($"Start-up and disposal, {iterations} warm iterations (cases alternate within each iteration):");
        Console.WriteLine(table);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Cold first round (JIT included, not in the table): cluster deploy {cold.Start.TotalMilliseconds:F1} ms + dispose {cold.Dispose.TotalMilliseconds:F1} ms; bare host {(coldHost.Start + coldHost.Dispose).TotalMilliseconds:F1} ms."));
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Cluster deploy + dispose / 1 bare host: mean {clusterTotal.Mean / hostTotal.Mean:F1}x; / 3 bare hosts: mean {clusterTotal.Mean / hosts3Total.Mean:F1}x."));

        var p95 = clusterTotal.Percentile(95);
        return
        [
            new TargetResult(
                "3-silo TestCluster deploy + dispose, p95",
                string.Create(CultureInfo.InvariantCulture, $"{p95:F2} ms (mean {clusterTotal.Mean:F2} ms)"),
                $"< {MaxStartAndDisposeMilliseconds:F0} ms",
                p95 < MaxStartAndDisposeMilliseconds),
        ];
    }

    private static async Task<(TimeSpan Start, TimeSpan Dispose)> MeasureClusterAsync()
    {
        var clock = Stopwatch.StartNew();
        var cluster = new TestClusterBuilder(Silos).ConfigureSilo(silo => silo.AddGrain<PingGrain>()).Build();
        await cluster.DeployAsync().ConfigureAwait(false);
        var started = clock.Elapsed;
        await cluster.DisposeAsync().ConfigureAwait(false);
        return (started, clock.Elapsed - started);
    }

    /// <summary>Starts <paramref name="count"/> bare hosts in parallel, then stops and disposes them in parallel.</summary>
    private static async Task<(TimeSpan Start, TimeSpan Dispose)> MeasureHostsAsync(int count)
    {
        var clock = Stopwatch.StartNew();
        var hosts = Enumerable.Range(0, count).Select(i =>
        {
            var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = $"host-{i}" });
            builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
            return builder.Build();
        }).ToArray();
        await Task.WhenAll(hosts.Select(h => h.StartAsync())).ConfigureAwait(false);
        var started = clock.Elapsed;
        await Task.WhenAll(hosts.Select(async h =>
        {
            await h.StopAsync().ConfigureAwait(false);
            h.Dispose();
        })).ConfigureAwait(false);
        return (started, clock.Elapsed - started);
    }
}
