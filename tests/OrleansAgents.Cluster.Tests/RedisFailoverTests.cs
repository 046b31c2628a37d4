using OrleansAgents.Providers.Tests.Servers;
using Xunit.Abstractions;

namespace OrleansAgents.Cluster.Tests;

/// <summary>Three silos on a private redis-server (clustering, storage, reminders).</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisFailoverTests(RedisServer server, ITestOutputHelper log)
{
    [Fact]
    public async Task A_killed_silo_loses_no_task_and_its_orphaned_tasks_run_again_within_seconds()
    {
        // Fewer tasks than on PostgreSQL: 300 no-op and 10 slow.
        await FailoverScenario.KillOneSiloAsync(log,
            ["--OrleansAgents:Storage:Provider=redis", $"--OrleansAgents:Redis:ConnectionString={server.ConnectionString}"],
            ["--Clustering=Redis", $"--ConnectionString={server.ConnectionString}"],
            tasks: 300, slow: 10);
    }
}
