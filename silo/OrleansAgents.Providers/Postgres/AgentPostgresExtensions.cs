using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Configuration.Overrides;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using OrleansAgents.Streams;

namespace OrleansAgents.Hosting;

/// <summary>Puts an OrleansAgents cluster on PostgreSQL through Orleans' own ADO.NET providers.</summary>
public static class AgentPostgresExtensions
{
    /// <summary>
    /// Uses PostgreSQL for cluster membership and reminders (Orleans' ADO.NET providers, invariant
    /// <see cref="AgentPostgresOptions.Invariant"/>) and grain storage <c>Default</c> and <c>PubSubStore</c> (the project's
    /// group-committing Npgsql storage, or Orleans' ADO.NET one: <see cref="AgentPostgresOptions.GrainStorage"/>), replacing in-memory
    /// registrations made before (call it after <see cref="AgentInMemoryProviderExtensions.AddAgentInMemoryProviders"/>,
    /// whose memory streams stay). The database needs the <see cref="PostgresSchema"/>: migrate it beforehand, or set
    /// <see cref="AgentPostgresOptions.MigrateOnStart"/>.
    /// </summary>
    public static ISiloBuilder UseAgentPostgres(this ISiloBuilder builder, Action<AgentPostgresOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var settings = AddOptions(builder.Services, configure);
        var connectionString = ProviderConnectionString(settings.ConnectionString);
        if (settings.MigrateOnStart)
        {
            builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp =>
                new PostgresMigrationAtStart(sp.GetRequiredService<IOptions<AgentPostgresOptions>>().Value.ConnectionString));
        }

        builder.UseAdoNetClustering(o =>
        {
            o.Invariant = AgentPostgresOptions.Invariant;
            o.ConnectionString = connectionString;
        });
        foreach (var name in new[] { "Default", StreamProviderNames.PubSubStore })
        {
            if (settings.GrainStorage == AgentPostgresGrainStorage.AdoNet)
            {
                builder.AddAdoNetGrainStorage(name, o =>
                {
                    o.Invariant = AgentPostgresOptions.Invariant;
                    o.ConnectionString = connectionString;
                    o.DeleteStateOnClear = settings.DeleteStateOnClear;
                });
            }
            else
            {
                builder.Services.AddGrainStorage(name, (sp, storageName) => new PostgresGrainStorage(storageName,
                    sp.GetRequiredService<PostgresStateTable>(), sp.GetRequiredService<IGrainStorageSerializer>(), sp.GetRequiredService<IActivatorProvider>(),
                    sp.GetProviderClusterOptions(storageName).Value.ServiceId, settings.DeleteStateOnClear));
            }
        }

        if (settings.GrainStorage != AgentPostgresGrainStorage.AdoNet)
        {
            builder.Services.TryAddSingleton(sp => new PostgresStateTable(
                sp.GetRequiredService<IOptions<AgentPostgresOptions>>().Value, sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
            builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp =>
                new PostgresSchemaCheck(sp.GetRequiredService<IOptions<AgentPostgresOptions>>().Value.ConnectionString));
        }

        builder.UseAdoNetReminderService(o =>
        {
            o.Invariant = AgentPostgresOptions.Invariant;
            o.ConnectionString = connectionString;
        });
        return builder;
    }

    /// <summary>
    /// Lets a client find the cluster's gateways in the PostgreSQL membership table (the one silos configured with
    /// <see cref="UseAgentPostgres"/> write). <see cref="AgentPostgresOptions.MigrateOnStart"/> is ignored.
    /// </summary>
    public static IClientBuilder UseAgentPostgresClustering(this IClientBuilder builder, Action<AgentPostgresOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var settings = AddOptions(builder.Services, configure);
        var connectionString = ProviderConnectionString(settings.ConnectionString);
        builder.UseAdoNetClustering(o =>
        {
            o.Invariant = AgentPostgresOptions.Invariant;
            o.ConnectionString = connectionString;
        });
        return builder;
    }

    private static AgentPostgresOptions AddOptions(IServiceCollection services, Action<AgentPostgresOptions> configure)
    {
        services.AddOptions<AgentPostgresOptions>().Configure(configure).ValidateOnStart();
        DriverExceptions.Allow(services, DriverExceptions.Npgsql);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AgentPostgresOptions>, AgentPostgresOptionsValidator>());
        var settings = new AgentPostgresOptions();
        configure(settings);
        return settings;
    }

    /// <summary>
    /// The connection string handed to the Orleans providers: the given one with <c>Timezone=UTC</c>, so that times
    /// the providers send without a kind are read as UTC. An invalid string is passed on as is (the validator
    /// reports it at start).
    /// </summary>
    internal static string ProviderConnectionString(string connectionString)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString) { Timezone = "UTC" }.ConnectionString;
        }
        catch (ArgumentException)
        {
            return connectionString;
        }
    }

    /// <summary>Migrates the schema first thing in the silo's start, before any provider reads its queries.</summary>
    private sealed class PostgresMigrationAtStart(string connectionString) : ILifecycleParticipant<ISiloLifecycle>
    {
        public void Participate(ISiloLifecycle lifecycle) =>
            lifecycle.Subscribe(nameof(PostgresMigrationAtStart), ServiceLifecycleStage.First,
                cancellationToken => PostgresSchema.MigrateAsync(connectionString, cancellationToken));
    }
}
