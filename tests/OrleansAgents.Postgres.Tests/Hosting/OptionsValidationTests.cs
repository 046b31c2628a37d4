using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansAgents.Hosting;
using Xunit;

namespace OrleansAgents.Postgres.Tests.Hosting;

/// <summary>Bad configuration fails when the host starts, with a message naming the property; no database is needed.</summary>
public sealed class OptionsValidationTests
{
    public static TheoryData<string, string> MissingConnectionStrings => new()
    {
        { "storage", "PostgresStorageOptions 'pg'.ConnectionString must be set" },
        { "reminders", "PostgresReminderOptions.ConnectionString must be set" },
        { "clustering", "PostgresClusteringOptions.ConnectionString must be set" },
    };

    [Theory]
    [MemberData(nameof(MissingConnectionStrings))]
    public async Task A_provider_without_a_connection_string_stops_the_silo_from_starting(string provider, string message)
    {
        using var host = BuildHost(silo => _ = provider switch
        {
            "storage" => silo.AddPostgresGrainStorage("pg", _ => { }),
            "reminders" => silo.UsePostgresReminderService(_ => { }),
            _ => silo.UsePostgresClustering(_ => { }),
        });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains(message, Flatten(error));
    }

    [Fact]
    public async Task A_table_name_that_is_not_a_plain_identifier_is_refused()
    {
        using var host = BuildHost(silo => silo.AddPostgresGrainStorage("pg", o =>
        {
            o.ConnectionString = "Host=localhost";
            o.TableName = "states; DROP TABLE x";
        }));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains("PostgresStorageOptions 'pg'.TableName must be", Flatten(error));
    }

    [Fact]
    public void Options_are_bound_from_configuration_and_the_callback_wins()
    {
        var settings = new Dictionary<string, string?>
        {
            ["OrleansAgents:Postgres:Storage:pg:ConnectionString"] = "Host=from-config",
            ["OrleansAgents:Postgres:Storage:pg:TableName"] = "configured_states",
            ["OrleansAgents:Postgres:Reminders:ConnectionString"] = "Host=reminder-db",
            ["OrleansAgents:Postgres:Reminders:ServiceId"] = "billing",
            ["OrleansAgents:Postgres:Clustering:ConnectionString"] = "Host=cluster-db",
        };
        using var host = BuildHost(
            silo =>
            {
                silo.AddPostgresGrainStorage("pg", o => o.Schema = "agents");
                silo.UsePostgresReminderService();
                silo.UsePostgresClustering();
                silo.Configure<SiloOptions>(o => o.ClusterId = "blue");
            },
            settings);

        var storage = host.Services.GetRequiredService<IOptionsMonitor<PostgresStorageOptions>>().Get("pg");
        var reminders = host.Services.GetRequiredService<IOptions<PostgresReminderOptions>>().Value;
        var clustering = host.Services.GetRequiredService<IOptions<PostgresClusteringOptions>>().Value;

        Assert.Equal(("Host=from-config", "configured_states", "agents"), (storage.ConnectionString, storage.TableName, storage.Schema));
        Assert.Equal(("billing", PostgresReminderOptions.DefaultTableName), (reminders.ServiceId, reminders.TableName));
        Assert.Equal(("Host=cluster-db", "blue"), (clustering.ConnectionString, clustering.ClusterId));
    }

    private static IHost BuildHost(Action<ISiloBuilder> configure, Dictionary<string, string?>? settings = null)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Services.AddOrleansAgentsSilo(builder.Configuration, configure);
        return builder.Build();
    }

    private static string Flatten(Exception error) => error is AggregateException aggregate
        ? string.Join(" | ", aggregate.Flatten().InnerExceptions.Select(e => e.Message))
        : error.Message;
}
