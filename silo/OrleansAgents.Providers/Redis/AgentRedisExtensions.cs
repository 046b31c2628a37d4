using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using OrleansAgents.Streams;
using StackExchange.Redis;

namespace OrleansAgents.Hosting;

/// <summary>Puts an OrleansAgents cluster on Redis through Orleans' Redis providers (no schema to apply).</summary>
public static class AgentRedisExtensions
{
    /// <summary>
    /// Uses Redis for cluster membership, grain storage <c>Default</c> and <c>PubSubStore</c>, and reminders,
    /// replacing in-memory registrations made before (call it after
    /// <see cref="AgentInMemoryProviderExtensions.AddAgentInMemoryProviders"/>, whose memory streams stay).
    /// </summary>
    public static ISiloBuilder UseAgentRedis(this ISiloBuilder builder, Action<AgentRedisOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var connectionString = AddOptions(builder.Services, configure).ConnectionString;
        builder.UseRedisClustering(o => o.ConfigurationOptions = Parse(connectionString));
        foreach (var name in new[] { "Default", StreamProviderNames.PubSubStore })
        {
            builder.AddRedisGrainStorage(name, o => o.ConfigurationOptions = Parse(connectionString));
        }

        builder.UseRedisReminderService(o => o.ConfigurationOptions = Parse(connectionString));
        return builder;
    }

    /// <summary>Lets a client find the cluster's gateways in the Redis membership table.</summary>
    public static IClientBuilder UseAgentRedisClustering(this IClientBuilder builder, Action<AgentRedisOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var connectionString = AddOptions(builder.Services, configure).ConnectionString;
        builder.UseRedisClustering(o => o.ConfigurationOptions = Parse(connectionString));
        return builder;
    }

    private static AgentRedisOptions AddOptions(IServiceCollection services, Action<AgentRedisOptions> configure)
    {
        services.AddOptions<AgentRedisOptions>().Configure(configure).ValidateOnStart();
        DriverExceptions.Allow(services, DriverExceptions.Redis);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AgentRedisOptions>, AgentRedisOptionsValidator>());
        var settings = new AgentRedisOptions();
        configure(settings);
        return settings;
    }

    /// <summary>Parses the configuration string; an invalid one yields empty options (the validator reports it at start).</summary>
    private static ConfigurationOptions Parse(string connectionString)
    {
        try
        {
            return ConfigurationOptions.Parse(connectionString);
        }
        catch (ArgumentException)
        {
            return new ConfigurationOptions();
        }
    }
}
