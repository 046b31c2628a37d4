using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansAgents.Agents;
using Orleans.Hosting;
using Orleans.Serialization;
using OrleansAgents.Streams.Topics;
using OrleansAgents.Topics;

namespace OrleansAgents.Hosting;

/// <summary>Registers agents and the agent-task runtime.</summary>
public static class AgentServiceCollectionExtensions
{
    /// <summary>Registers an agent under <paramref name="name"/> with its options.</summary>
    public static IServiceCollection AddAgent<TAgent>(this IServiceCollection services, string name, Action<AgentOptions>? configure = null)
        where TAgent : class, IAgent
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        services.AddSingleton(new AgentRegistration(name, typeof(TAgent)));
        var options = services.AddOptions<AgentOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(o => o.MaxAttempts >= 1, $"{nameof(AgentOptions)}.{nameof(AgentOptions.MaxAttempts)} of agent '{name}' must be at least 1.")
            .Validate(o => o.Timeout > TimeSpan.Zero, $"{nameof(AgentOptions)}.{nameof(AgentOptions.Timeout)} of agent '{name}' must be positive.")
            .Validate(o => o.InitialBackoff >= TimeSpan.Zero && o.MaxBackoff >= o.InitialBackoff, $"{nameof(AgentOptions)}.{nameof(AgentOptions.InitialBackoff)}/{nameof(AgentOptions.MaxBackoff)} of agent '{name}' must satisfy 0 <= initial <= max.")
            .Validate(o => o.MaxConcurrency >= 0, $"{nameof(AgentOptions)}.{nameof(AgentOptions.MaxConcurrency)} of agent '{name}' must not be negative.");
        return services;
    }

    /// <summary>
    /// Adds the agent-task runtime: the task, user, memory and catalog grains, the agent registry,
    /// <see cref="AgentTaskOptions"/> (bound from <c>OrleansAgents:Agents</c>), topic pattern subscriptions on the
    /// <c>Default</c> stream provider, and the sweep of the in-flight index when a silo dies, so its orphaned tasks
    /// resume within seconds.
    /// </summary>
    public static ISiloBuilder AddAgentRuntime(this ISiloBuilder builder, Action<AgentTaskOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSerializer(serializer => serializer.AddAgentContracts());

        // Grain state is stored with Orleans' own version-tolerant serializer (the [GenerateSerializer] contracts and
        // their [Id]s), not Orleans' default Newtonsoft JSON, which cannot represent a JsonElement; written at its exact
        // size rather than through a growing buffer (ExactSizeGrainStorageSerializer).
        builder.Services.AddSingleton<IGrainStorageSerializer, ExactSizeGrainStorageSerializer>();
        var options = builder.Services.AddOptions<AgentTaskOptions>().ValidateOnStart()
            .Validate(o => o.MaxInputBytes > 0, $"{nameof(AgentTaskOptions)}.{nameof(AgentTaskOptions.MaxInputBytes)} must be positive.")
            .Validate(o => o.CancellationGracePeriod >= TimeSpan.Zero, $"{nameof(AgentTaskOptions)}.{nameof(AgentTaskOptions.CancellationGracePeriod)} must not be negative.")
            .Validate(o => o.MaxConcurrentTasksPerUser >= 0, $"{nameof(AgentTaskOptions)}.{nameof(AgentTaskOptions.MaxConcurrentTasksPerUser)} must not be negative.")
            .Validate(o => o.MaxTaskEvents >= 1, $"{nameof(AgentTaskOptions)}.{nameof(AgentTaskOptions.MaxTaskEvents)} must be at least 1.")
            .Validate(o => o.MaxListedTasksPerUser >= 1, $"{nameof(AgentTaskOptions)}.{nameof(AgentTaskOptions.MaxListedTasksPerUser)} must be at least 1.")
            .Validate(o => o.RecoveryPeriod > TimeSpan.Zero, $"{nameof(AgentTaskOptions)}.{nameof(AgentTaskOptions.RecoveryPeriod)} must be positive.")
            .Validate(o => o.InlineCompletionWindow >= TimeSpan.Zero && o.InlineCompletionWindow <= TimeSpan.FromSeconds(1), $"{nameof(AgentTaskOptions)}.{nameof(AgentTaskOptions.InlineCompletionWindow)} must be between 0 and 1 second.")
            .Validate(o => o.RecoveryShards >= 1, $"{nameof(AgentTaskOptions)}.{nameof(AgentTaskOptions.RecoveryShards)} must be at least 1.")
            .Validate(o => !string.IsNullOrEmpty(o.StorageName), $"{nameof(AgentTaskOptions)}.{nameof(AgentTaskOptions.StorageName)} must name a storage provider.");
        if (builder.Configuration is not null)
        {
            options.Bind(builder.Configuration.GetSection("OrleansAgents:Agents"));
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        // Topics: pattern subscriptions on the silo's Default stream provider reach the pattern registry.
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, TopicProviderBinder<ISiloLifecycle>>();
        builder.Services.TryAddSingleton<AgentRegistry>();
        builder.Services.TryAddSingleton<TaskBookkeeping>();

        // Listing reads see the listing changes still on their way from every silo (so a submit need not wait for its listing).
        if (!builder.Services.Any(static service => service.ServiceType == typeof(UserListingClient)))
        {
            builder.AddGrainService<UserListingService>();
            builder.Services.AddSingleton<UserListingClient>();
        }

        // Orphaned tasks of a dead silo resume within seconds (the shards' reminders remain the backstop).
        builder.Services.TryAddSingleton<RecoverOnSiloDeath>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, RecoverOnSiloDeath>(sp => sp.GetRequiredService<RecoverOnSiloDeath>()));
        builder.Services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<AgentTaskOptions>>().Value);
        builder.Services.TryAddKeyedSingleton<IGrainStorage>(AgentStorage.Name, (sp, _) =>
        {
            var storeName = sp.GetRequiredService<AgentTaskOptions>().StorageName;
            return sp.GetKeyedService<IGrainStorage>(storeName)
                ?? throw new InvalidOperationException($"{nameof(AgentTaskOptions)}.{nameof(AgentTaskOptions.StorageName)} names storage provider '{storeName}', which is not registered.");
        });
        return builder;
    }

    /// <summary>Registers an agent under <paramref name="name"/>.</summary>
    public static ISiloBuilder AddAgent<TAgent>(this ISiloBuilder builder, string name, Action<AgentOptions>? configure = null)
        where TAgent : class, IAgent
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddAgent<TAgent>(name, configure);
        return builder;
    }
}
