using Microsoft.Extensions.DependencyInjection;
using OrleansAgents.Hosting;
using OrleansAgents.Postgres.Tests.TestGrains;
using OrleansAgents.TestingHost;

namespace OrleansAgents.Postgres.Tests.Integration;

/// <summary>One-silo test clusters whose grain storage <c>pg</c> and reminders live in PostgreSQL.</summary>
internal static class PostgresTestClusters
{
    /// <summary>Builds (does not deploy) a cluster on the given tables; clusters built on the same tables share state and reminders.</summary>
    /// <param name="connectionString">The database.</param>
    /// <param name="storageTable">The table of grain storage <c>pg</c>.</param>
    /// <param name="reminderTable">The reminder table, or <c>null</c> to keep reminders in memory.</param>
    /// <param name="probe">Records reminder ticks.</param>
    public static TestCluster Build(string connectionString, string storageTable, string? reminderTable, TickProbe probe) =>
        new TestClusterBuilder(1).ConfigureSilo(silo =>
        {
            silo.AddGrain<NoteGrain>();
            silo.AddGrain<TickGrain>();
            silo.Services.AddSingleton(probe);
            silo.AddPostgresGrainStorage("pg", o =>
            {
                o.ConnectionString = connectionString;
                o.TableName = storageTable;
            });
            if (reminderTable is not null)
            {
                silo.UsePostgresReminderService(o =>
                {
                    o.ConnectionString = connectionString;
                    o.TableName = reminderTable;
                });
            }

            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        }).Build();
}
