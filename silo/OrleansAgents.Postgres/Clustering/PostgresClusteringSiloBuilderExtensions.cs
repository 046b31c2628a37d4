using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansAgents.Hosting;

/// <summary>Keeps a silo's cluster membership in PostgreSQL.</summary>
public static class PostgresClusteringSiloBuilderExtensions
{
    /// <summary>The configuration section, below <c>OrleansAgents</c>, bound to <see cref="PostgresClusteringOptions"/>.</summary>
    public const string ConfigurationSection = "Postgres:Clustering";

    /// <summary>
    /// Keeps cluster membership in PostgreSQL, so silos in different processes and machines find each other.
    /// Options are bound from <c>OrleansAgents:Postgres:Clustering</c> when the silo has configuration, then
    /// <paramref name="configure"/> runs.
    /// </summary>
    /// <param name="builder">The silo.</param>
    /// <param name="configure">Sets the options; <see cref="PostgresProviderOptions.ConnectionString"/> is required.</param>
    public static ISiloBuilder UsePostgresClustering(this ISiloBuilder builder, Action<PostgresClusteringOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddPostgresMembershipTable(options =>
        {
            if (builder.Configuration is { } configuration)
            {
                options.Bind(configuration.GetSection($"{SiloServiceCollectionExtensions.ConfigurationSection}:{ConfigurationSection}"));
            }

            if (configure is not null)
            {
                options.Configure(configure);
            }
        });
        return builder;
    }
}
