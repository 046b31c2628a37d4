using Npgsql;
using OrleansAgents.SiloHost.Tests.Infrastructure;
using OrleansAgents.Testing.Postgres;

namespace OrleansAgents.SiloHost.Tests.EndToEnd;

/// <summary>A real silo process on PostgreSQL membership that the cluster declares dead.</summary>
[Collection(PostgresServerCollection.Name)]
public sealed class DeclaredDeadProcessTests(PostgresServerFixture postgres)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_silo_the_cluster_declares_dead_stops_itself_with_exit_code_4_naming_itself()
    {
        var clusterId = PostgresServerFixture.UniqueName("dead_cluster");
        var siloName = PostgresServerFixture.UniqueName("doomed");
        await using var silo = SiloProcess.Start(
            [],
            new Dictionary<string, string>
            {
                ["OrleansAgents__Storage__Provider"] = "Postgres",
                ["OrleansAgents__Postgres__ConnectionString"] = postgres.ConnectionString,
                ["OrleansAgents__Silo__ClusterId"] = clusterId,
                ["OrleansAgents__Silo__SiloName"] = siloName,
            });
        await silo.WaitForLineAsync(l => l.Contains("Application started", StringComparison.Ordinal), Timeout, "the host's started line");

        // What another silo's failure detector writes when its probes go unanswered.
        await using (var database = NpgsqlDataSource.Create(postgres.ConnectionString))
        {
            await using var command = database.CreateCommand(
                "UPDATE public.orleansagents_membership SET status = 'Dead' WHERE cluster_id = @cluster AND silo_name = @name");
            command.Parameters.AddWithValue("cluster", clusterId);
            command.Parameters.AddWithValue("name", siloName);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var exitCode = await silo.WaitForExitAsync(Timeout);

        Assert.True(exitCode == 4, $"Exit code {exitCode}. Output:\n{silo.Transcript}");
        Assert.Contains(silo.Error, l => l.StartsWith($"Silo {siloName}@", StringComparison.Ordinal) && l.Contains("was declared dead by the cluster and stopped", StringComparison.Ordinal));
    }
}
