using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansAgents.Runtime;

namespace OrleansAgents.Hosting;

/// <summary>Adds an OrleansAgents silo to a host.</summary>
public static class SiloServiceCollectionExtensions
{
    /// <summary>The configuration section options are bound from.</summary>
    public const string ConfigurationSection = "OrleansAgents";

    /// <summary>
    /// Runs a silo in this host, with in-memory membership, storage and reminders unless
    /// <paramref name="configure"/> chooses other providers.
    /// </summary>
    public static IHostApplicationBuilder UseOrleansAgents(this IHostApplicationBuilder builder, Action<ISiloBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOrleansAgentsSilo(builder.Configuration, configure);
        return builder;
    }

    /// <summary>Registers a silo's services; the silo starts and stops with the host.</summary>
    public static IServiceCollection AddOrleansAgentsSilo(this IServiceCollection services, IConfiguration? configuration, Action<ISiloBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = new SiloBuilder(services, configuration);
        configure?.Invoke(builder);
        StreamsServiceCollectionExtensions.AddDefaultStreams(services, configuration);
        AddOptions<SiloOptions, SiloOptionsValidator>(services, configuration, "Silo");
        AddOptions<MessagingOptions, MessagingOptionsValidator>(services, configuration, "Messaging");
        AddOptions<GrainCollectionOptions, GrainCollectionOptionsValidator>(services, configuration, "GrainCollection");
        AddOptions<ClusterMembershipOptions, ClusterMembershipOptionsValidator>(services, configuration, "Membership");
        AddOptions<ReminderOptions, ReminderOptionsValidator>(services, configuration, "Reminders");

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<InMemoryFabric>();
        services.TryAddSingleton(sp => sp.GetRequiredService<InMemoryFabric>().Network.CreateTransport());
        services.TryAddSingleton<IMembershipTable>(sp => sp.GetRequiredService<InMemoryFabric>().MembershipTable);
        services.TryAddSingleton<IReminderTable>(sp => sp.GetRequiredService<InMemoryFabric>().ReminderTable);
        services.TryAddKeyedSingleton<IGrainStorage>(StorageNames.Default, (sp, _) => sp.GetRequiredService<InMemoryFabric>().GetStorage(StorageNames.Default));
        services.TryAddSingleton<GrainTypeRegistry>();
        services.TryAddSingleton<MembershipService>();
        services.TryAddSingleton<IClusterViewProvider>(sp => sp.GetRequiredService<MembershipService>());
        services.TryAddSingleton<Catalog>();
        services.TryAddSingleton<ReminderService>();
        services.TryAddSingleton(sp => new SiloMessageCenter(
            sp.GetService<ISimulationHooks>() is { } simulation
                ? new SiloAddress(sp.GetRequiredService<SiloOptions>().SiloName, simulation.NextGeneration())
                : SiloAddressFactory.Create(sp.GetRequiredService<SiloOptions>().SiloName),
            sp.GetRequiredService<IMessageTransport>(),
            sp.GetRequiredService<MembershipService>(),
            sp.GetRequiredService<GrainTypeRegistry>(),
            sp.GetRequiredService<Catalog>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<MessagingOptions>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<SiloMessageCenter>>()));
        services.TryAddSingleton<SiloTermination>();
        services.TryAddSingleton<Silo>();
        services.TryAddSingleton<IGrainFactory>(sp => sp.GetRequiredService<Silo>().Messenger.GrainFactory);
        services.AddHostedService<SiloHostedService>();
        return services;
    }

    private static void AddOptions<TOptions, TValidator>(IServiceCollection services, IConfiguration? configuration, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        var options = services.AddOptions<TOptions>().ValidateOnStart();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection($"{ConfigurationSection}:{section}"));
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<TOptions>>().Value);
    }
}
