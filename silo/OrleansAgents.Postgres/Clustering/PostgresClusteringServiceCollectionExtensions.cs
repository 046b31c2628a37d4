using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansAgents.Postgres;
using OrleansAgents.Runtime;

namespace OrleansAgents.Hosting;

/// <summary>Registers the PostgreSQL membership table.</summary>
public static class PostgresClusteringServiceCollectionExtensions
{
    /// <summary>
    /// Keeps cluster membership in PostgreSQL: replaces any registered <see cref="IMembershipTable"/>, so the order
    /// of registration does not matter. <see cref="PostgresClusteringOptions.ClusterId"/> defaults to
    /// <see cref="SiloOptions.ClusterId"/>; the options are validated when the host starts.
    /// </summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="configureOptions">Configures the table's options.</param>
    public static IServiceCollection AddPostgresMembershipTable(this IServiceCollection services, Action<OptionsBuilder<PostgresClusteringOptions>>? configureOptions = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<PostgresClusteringOptions>().ValidateOnStart();
        configureOptions?.Invoke(options);
        options.PostConfigure<IOptions<SiloOptions>>((clustering, silo) =>
        {
            if (string.IsNullOrEmpty(clustering.ClusterId))
            {
                clustering.ClusterId = silo.Value.ClusterId;
            }
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresClusteringOptions>, PostgresClusteringOptionsValidator>());
        services.Replace(ServiceDescriptor.Singleton<IMembershipTable, PostgresMembershipTable>());
        return services;
    }
}
