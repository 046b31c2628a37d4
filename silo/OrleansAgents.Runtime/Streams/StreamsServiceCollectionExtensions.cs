using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansAgents.Runtime;
using OrleansAgents.Streams;

namespace OrleansAgents.Hosting;

/// <summary>Registers stream providers.</summary>
public static class StreamsServiceCollectionExtensions
{
    /// <summary>
    /// Adds an in-memory stream provider named <paramref name="name"/>. Subscriptions are persisted in the grain storage
    /// named <see cref="StreamProviderNames.PubSubStore"/> (in memory unless one is registered under that name); events
    /// live in memory. The provider <see cref="StreamProviderNames.Default"/> is added to every silo without this call.
    /// </summary>
    public static IServiceCollection AddMemoryStreams(this IServiceCollection services, string name = StreamProviderNames.Default, Action<MemoryStreamOptions>? configure = null) =>
        services.AddMemoryStreams(name, null, configure);

    /// <summary>
    /// Adds an in-memory stream provider whose options are also bound from <paramref name="configuration"/>'s
    /// <c>OrleansAgents:Streams:{name}</c> section (<c>BufferCapacity</c>, <c>BufferFullMode</c>, ...), then
    /// <paramref name="configure"/>.
    /// </summary>
    public static IServiceCollection AddMemoryStreams(this IServiceCollection services, string name, IConfiguration? configuration, Action<MemoryStreamOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        StreamKeys.ValidateProviderName(name);
        AddStreamingCore(services);
        if (!services.Any(d => d.ServiceType == typeof(StreamProviderRegistration) && d.ImplementationInstance is StreamProviderRegistration r && r.Name == name))
        {
            services.AddSingleton(new StreamProviderRegistration(name));
            services.AddKeyedSingleton<IStreamQueueFactory, MemoryStreamQueueFactory>(name);
        }

        var options = services.AddOptions<MemoryStreamOptions>(name).ValidateOnStart();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection($"{SiloServiceCollectionExtensions.ConfigurationSection}:Streams:{name}"));
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        return services;
    }

    /// <summary>Adds the default provider unless the application configured one under that name already.</summary>
    internal static void AddDefaultStreams(IServiceCollection services, IConfiguration? configuration)
    {
        if (!services.Any(d => d.ServiceType == typeof(StreamProviderRegistration) && d.ImplementationInstance is StreamProviderRegistration { Name: StreamProviderNames.Default }))
        {
            services.AddMemoryStreams(StreamProviderNames.Default, configuration);
        }
    }

    private static void AddStreamingCore(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(StreamProviderRegistry)))
        {
            return;
        }

        services.AddSingleton<StreamProviderRegistry>();

        // For code on the silo that is not a grain (agents, hosted services): its subscriptions poll inboxes like a client's.
        services.AddSingleton<IStreamProviderFactory>(sp => sp.GetRequiredService<StreamProviderRegistry>());
        services.AddSingleton(new GrainClassRegistration(typeof(StreamGrain)));
        services.AddSingleton(new GrainClassRegistration(typeof(StreamPatternRegistryGrain)));
        services.AddSingleton(new GrainClassRegistration(typeof(StreamInboxGrain)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MemoryStreamOptions>, MemoryStreamOptionsValidator>());
        services.TryAddKeyedSingleton<IGrainStorage>(StreamProviderNames.PubSubStore, (sp, _) => sp.GetRequiredService<InMemoryFabric>().GetStorage(StreamProviderNames.PubSubStore));
    }
}
