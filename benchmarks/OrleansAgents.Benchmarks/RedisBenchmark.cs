using System.Globalization;
using System.Text.RegularExpressions;
using OrleansAgents.Providers.Tests.Servers;

namespace OrleansAgents.Benchmarks;

/// <summary>The Redis baseline: redis-benchmark's SET requests per second (300-byte values), no pipelining.</summary>
internal static partial class RedisBenchmark
{
    /// <summary>Runs redis-benchmark with <paramref name="clients"/> connections for about <paramref name="duration"/>; returns SETs/s.</summary>
    public static async Task<double> RunAsync(string connectionString, int clients, TimeSpan duration)
    {
        var binary = ServerBinaries.FindDirectory(["/usr/bin", "/usr/local/bin"], "redis-benchmark") is { } directory
            ? Path.Combine(directory, "redis-benchmark")
            : throw new InvalidOperationException("redis-benchmark is missing: " + ServerBinaries.InstallHint);
        var (host, port) = (connectionString.Split(':')[0], connectionString.Split(':')[1]);

        // redis-benchmark runs a number of requests, not a time: a short probe sizes the real run.
        var probe = await RunAsync(binary, host, port, clients, 5_000).ConfigureAwait(false);
        return await RunAsync(binary, host, port, clients, Math.Max(5_000, (int)(probe * duration.TotalSeconds))).ConfigureAwait(false);
    }

    private static async Task<double> RunAsync(string binary, string host, string port, int clients, int requests)
    {
        var output = await ProcessRunner.RunAsync(binary,
            ["-h", host, "-p", port, "-c", clients.ToString(CultureInfo.InvariantCulture), "-n", requests.ToString(CultureInfo.InvariantCulture), "-d", "300", "-t", "set", "-q"],
            TimeSpan.FromMinutes(5)).ConfigureAwait(false);
        var rate = Rate().Match(output);
        return rate.Success ? double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture) : throw new InvalidOperationException($"No rate in redis-benchmark's output: {output}");
    }

    [GeneratedRegex(@"SET: ([0-9.]+) requests per second")]
    private static partial Regex Rate();
}
