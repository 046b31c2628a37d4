using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansAgents.Postgres;
using OrleansAgents.Runtime;

namespace OrleansAgents.Hosting;

/// <summary>Registers PostgreSQL grain storage providers.</summary>
public static class PostgresStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers a grain storage provider named <paramref name="name"/> (a keyed <see cref="IGrainStorage"/>) that
    /// keeps states in PostgreSQL. Its options are the named <see cref="PostgresStorageOptions"/>
    /// <paramref name="name"/>, validated when the host starts.
    /// </summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="name">The provider name grains give in <see cref="PersistentStateAttribute"/>.</param>
    /// <param name="configureOptions">Configures the provider's options.</param>
    public static IServiceCollection AddPostgresGrainStorage(
        this IServiceCollection services,
        string name,
        Action<OptionsBuilder<PostgresStorageOptions>>? configureOptions = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var options = services.AddOptions<PostgresStorageOptions>(name).ValidateOnStart();
        configureOptions?.Invoke(options);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresStorageOptions>, PostgresStorageOptionsValidator>());
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => new PostgresGrainStorage(
            name,
            sp.GetRequiredService<IOptionsMonitor<PostgresStorageOptions>>().Get(name),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<ILogger<PostgresGrainStorage>>()));
        return services;
    }
}
