using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansAgents.Hosting;

/// <summary>Adds PostgreSQL grain storage to a silo.</summary>
public static class PostgresStorageSiloBuilderExtensions
{
    /// <summary>The configuration section, below <c>OrleansAgents</c>, whose child <c>{name}</c> binds a storage provider's options.</summary>
    public const string ConfigurationSection = "Postgres:Storage";

    /// <summary>
    /// Adds a grain storage provider named <paramref name="name"/> that keeps states in PostgreSQL. Options are
    /// bound from <c>OrleansAgents:Postgres:Storage:{name}</c> when the silo has configuration, then
    /// <paramref name="configure"/> runs.
    /// </summary>
    /// <param name="builder">The silo.</param>
    /// <param name="name">The provider name grains give in <see cref="PersistentStateAttribute"/>.</param>
    /// <param name="configure">Sets the options; <see cref="PostgresProviderOptions.ConnectionString"/> is required.</param>
    public static ISiloBuilder AddPostgresGrainStorage(this ISiloBuilder builder, string name, Action<PostgresStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddPostgresGrainStorage(name, options =>
        {
            if (builder.Configuration is { } configuration)
            {
                options.Bind(configuration.GetSection($"{SiloServiceCollectionExtensions.ConfigurationSection}:{ConfigurationSection}:{name}"));
            }

            if (configure is not null)
            {
                options.Configure(configure);
            }
        });
        return builder;
    }
}
