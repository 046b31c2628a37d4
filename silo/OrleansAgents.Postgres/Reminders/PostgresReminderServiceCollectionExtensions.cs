using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansAgents.Postgres;
using OrleansAgents.Runtime;

namespace OrleansAgents.Hosting;

/// <summary>Registers the PostgreSQL reminder table.</summary>
public static class PostgresReminderServiceCollectionExtensions
{
    /// <summary>
    /// Keeps reminders in PostgreSQL: replaces any registered <see cref="IReminderTable"/>, so the order of
    /// registration does not matter. Its <see cref="PostgresReminderOptions"/> are validated when the host starts.
    /// </summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="configureOptions">Configures the table's options.</param>
    public static IServiceCollection AddPostgresReminderTable(this IServiceCollection services, Action<OptionsBuilder<PostgresReminderOptions>>? configureOptions = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<PostgresReminderOptions>().ValidateOnStart();
        configureOptions?.Invoke(options);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresReminderOptions>, PostgresReminderOptionsValidator>());
        services.Replace(ServiceDescriptor.Singleton<IReminderTable, PostgresReminderTable>());
        return services;
    }
}
