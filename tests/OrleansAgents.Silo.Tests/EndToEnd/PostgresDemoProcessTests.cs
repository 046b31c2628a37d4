using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using OrleansAgents.SiloHost.Demo;
using OrleansAgents.SiloHost.Tests.Infrastructure;
using OrleansAgents.Testing.Postgres;

namespace OrleansAgents.SiloHost.Tests.EndToEnd;

/// <summary>
/// Runs the real silo executable with <c>--demo</c> on the PostgreSQL providers, configured through the environment
/// as <c>docker-compose.yml</c> configures its silos, then reads what the silo left in the database.
/// </summary>
[Collection(PostgresServerCollection.Name)]
public sealed partial class PostgresDemoProcessTests(PostgresServerFixture postgres)
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Demo_on_postgres_exits_zero_leaving_each_jobs_terminal_state_and_the_silo_dead_in_the_membership_table()
    {
        var clusterId = PostgresServerFixture.UniqueName("demo_cluster");
        var siloName = PostgresServerFixture.UniqueName("pg_silo");
        await using var silo = SiloProcess.Start(
            ["--demo", "--OrleansAgents:Demo:StepDelay=00:00:00.100"],
            new Dictionary<string, string>
            {
                ["OrleansAgents__Storage__Provider"] = "Postgres",
                ["OrleansAgents__Postgres__ConnectionString"] = postgres.ConnectionString,
                ["OrleansAgents__Silo__ClusterId"] = clusterId,
                ["OrleansAgents__Silo__SiloName"] = siloName,
            });

        var exitCode = await silo.WaitForExitAsync(ExitTimeout);

        Assert.True(exitCode == 0, $"Exit code {exitCode}. Output:\n{silo.Transcript}");
        Assert.Empty(silo.Error);
        Assert.Equal(
            DemoJob.Workload.Select(j => (j.Name, j.Expected)).Order(),
            DemoLine.Parse(silo.Output).GroupBy(l => l.Job).Select(g => (g.Key, g.Last().Status)).Order());
        Assert.Contains(silo.Output, l => l.StartsWith("[demo] all 4 jobs finished", StringComparison.Ordinal) && l.EndsWith("3 Succeeded, 1 Failed, as expected", StringComparison.Ordinal));
        var runId = FindLine(silo, RunLine(), "the demo's run line").Groups["run"].Value;
        var siloAddress = FindLine(silo, JoinedLine(), "the silo's joined-cluster line").Groups["silo"].Value;
        Assert.StartsWith($"{siloName}@", siloAddress, StringComparison.Ordinal);

        await using var database = NpgsqlDataSource.Create(postgres.ConnectionString);

        var states = await ReadJobStatesAsync(database, $"demo-job/demo-{runId}-");
        Assert.Equal(DemoJob.Workload.Select(j => $"demo-job/demo-{runId}-{j.Name}").Order(), states.Keys.Order());
        foreach (var job in DemoJob.Workload)
        {
            var state = states[$"demo-job/demo-{runId}-{job.Name}"];
            var expectedError = job.FailAtStep is { } failAt ? $"step {failAt} of {job.Steps} failed: {job.FailureMessage}" : null;
            Assert.Equal(
                (job.Name, job.Expected, job.Steps, (job.FailAtStep ?? job.Steps + 1) - 1, expectedError),
                (state.Name, state.Status, state.StepsTotal, state.StepsDone, state.Error));
            Assert.NotNull(state.CompletedAt);
        }

        var member = Assert.Single(await ReadMembershipAsync(database, clusterId));
        Assert.Equal((siloAddress, siloName, "Dead"), member);
    }

    /// <summary>The persisted state of each demo job whose grain id starts with <paramref name="grainIdPrefix"/>, by grain id.</summary>
    private static async Task<Dictionary<string, DemoJobState>> ReadJobStatesAsync(NpgsqlDataSource database, string grainIdPrefix)
    {
        await using var command = database.CreateCommand(
            "SELECT grain_id, payload::text FROM public.orleansagents_grain_state WHERE state_name = 'job' AND starts_with(grain_id, @prefix)");
        command.Parameters.AddWithValue("prefix", grainIdPrefix);
        await using var reader = await command.ExecuteReaderAsync();
        var states = new Dictionary<string, DemoJobState>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            states.Add(reader.GetString(0), JsonSerializer.Deserialize<DemoJobState>(reader.GetString(1))!);
        }

        return states;
    }

    /// <summary>The membership rows of <paramref name="clusterId"/>: (silo address, silo name, status).</summary>
    private static async Task<List<(string Silo, string Name, string Status)>> ReadMembershipAsync(NpgsqlDataSource database, string clusterId)
    {
        await using var command = database.CreateCommand(
            "SELECT silo_address, silo_name, status FROM public.orleansagents_membership WHERE cluster_id = @cluster");
        command.Parameters.AddWithValue("cluster", clusterId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return rows;
    }

    private static Match FindLine(SiloProcess silo, Regex pattern, string description)
    {
        var match = silo.Output.Select(l => pattern.Match(l)).FirstOrDefault(m => m.Success);
        Assert.True(match is not null, $"Expected {description} in the output:\n{silo.Transcript}");
        return match;
    }

    [GeneratedRegex(@"^\[demo\] run (?<run>\w+): submitting ")]
    private static partial Regex RunLine();

    [GeneratedRegex(@"Silo (?<silo>\S+) joined cluster \S+$")]
    private static partial Regex JoinedLine();
}
