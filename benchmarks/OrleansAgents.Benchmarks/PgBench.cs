using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using OrleansAgents.Providers.Tests.Servers;

namespace OrleansAgents.Benchmarks;

/// <summary>The PostgreSQL baseline: pgbench's single-row INSERT transactions per second (one row of ~300 bytes each).</summary>
internal static partial class PgBench
{
    public const string Script = "INSERT INTO bench_rows (payload) VALUES (repeat('x', 300));\n";

    public static async Task PrepareAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var create = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS bench_rows (id bigserial PRIMARY KEY, payload text NOT NULL)", connection);
        await create.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>Runs pgbench with <paramref name="clients"/> connections for <paramref name="duration"/>; returns its tps.</summary>
    public static async Task<double> RunAsync(PostgresServer server, string connectionString, int clients, TimeSpan duration)
    {
        var script = Path.GetTempFileName();
        await File.WriteAllTextAsync(script, Script).ConfigureAwait(false);
        try
        {
            var seconds = Math.Max(1, (int)Math.Round(duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            var output = await ProcessRunner.RunAsync(Path.Combine(server.BinaryDirectory, "pgbench"),
                ["-h", "127.0.0.1", "-p", server.Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-n", "-M", "prepared",
                 "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", "2", "-T", seconds, "-f", script,
                 new NpgsqlConnectionStringBuilder(connectionString).Database!],
                duration + TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            var tps = Tps().Match(output);
            return tps.Success ? double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture) : throw new InvalidOperationException($"No tps in pgbench's output: {output}");
        }
        finally
        {
            File.Delete(script);
        }
    }

    [GeneratedRegex(@"tps = ([0-9.]+)")]
    private static partial Regex Tps();
}
