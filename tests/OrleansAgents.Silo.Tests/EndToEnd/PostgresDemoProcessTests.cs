using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using OrleansAgents.Agents;
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
    public async Task Demo_on_postgres_exits_zero_leaving_each_tasks_terminal_record_and_the_silo_dead_in_the_membership_table()
    {
        var clusterId = PostgresServerFixture.UniqueName("demo_cluster");
        var siloName = PostgresServerFixture.UniqueName("pg_silo");
        await using var silo = SiloProcess.Start(
            ["--demo"],
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
            DemoTask.Workload.Select(t => (t.Name, t.Expected)).Order(),
            DemoLine.Parse(silo.Output).GroupBy(l => l.Task).Select(g => (g.Key, g.Last().Status)).Order());
        Assert.Contains(silo.Output, l => l.StartsWith("[demo] all 6 tasks ended as expected in ", StringComparison.Ordinal));
        var runId = FindLine(silo, RunLine(), "the demo's run line").Groups["run"].Value;
        var siloAddress = FindLine(silo, JoinedLine(), "the silo's joined-cluster line").Groups["silo"].Value;
        Assert.StartsWith($"{siloName}@", siloAddress, StringComparison.Ordinal);

        await using var database = NpgsqlDataSource.Create(postgres.ConnectionString);

        // Every task of the run, the fan-out's three children included, is stored in its terminal state.
        var prefix = $"agenttask/demo-{runId}-";
        var tasks = await ReadTaskRecordsAsync(database, prefix);
        var fanOutChildren = Enumerable.Range(0, 3).Select(i => $"fan-out-{i}").ToList();
        Assert.Equal(DemoTask.Workload.Select(t => t.Name).Concat(fanOutChildren).Order(StringComparer.Ordinal), tasks.Keys.Select(k => k[prefix.Length..]).Order(StringComparer.Ordinal));
        foreach (var demo in DemoTask.Workload)
        {
            var task = tasks[prefix + demo.Name];
            Assert.True(demo.Mismatch(task) is null, $"{demo.Name}: {demo.Mismatch(task)}");
            Assert.NotNull(task.CompletedAt);
        }

        Assert.All(fanOutChildren, child => Assert.Equal((AgentTaskStatus.Succeeded, $"demo-{runId}-fan-out"), (tasks[prefix + child].Status, tasks[prefix + child].ParentTaskId)));
        Assert.Equal([2.0, 4.0, 6.0], fanOutChildren.Select(child => tasks[prefix + child].Output!.Value.GetDouble()));

        var member = Assert.Single(await ReadMembershipAsync(database, clusterId));
        Assert.Equal((siloAddress, siloName, "Dead"), member);
    }

    /// <summary>The stored agent task (the <c>Task</c> of the grain's <c>task</c> state) of each grain id starting with <paramref name="grainIdPrefix"/>.</summary>
    private static async Task<Dictionary<string, AgentTaskSnapshot>> ReadTaskRecordsAsync(NpgsqlDataSource database, string grainIdPrefix)
    {
        await using var command = database.CreateCommand(
            "SELECT grain_id, payload->'Task' FROM public.orleansagents_grain_state WHERE state_name = 'task' AND starts_with(grain_id, @prefix)");
        command.Parameters.AddWithValue("prefix", grainIdPrefix);
        await using var reader = await command.ExecuteReaderAsync();
        var tasks = new Dictionary<string, AgentTaskSnapshot>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            tasks.Add(reader.GetString(0), JsonSerializer.Deserialize<AgentTaskSnapshot>(reader.GetString(1))!);
        }

        return tasks;
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
