using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansAgents.Hosting;

/// <summary>Keeps a silo's reminders in PostgreSQL.</summary>
public static class PostgresReminderSiloBuilderExtensions
{
    /// <summary>The configuration section, below <c>OrleansAgents</c>, bound to <see cref="PostgresReminderOptions"/>.</summary>
    public const string ConfigurationSection = "Postgres:Reminders";

    /// <summary>
    /// Keeps reminders in PostgreSQL, so they survive silo restarts and whole-cluster redeployments. Options are
    /// bound from <c>OrleansAgents:Postgres:Reminders</c> when the silo has configuration, then
    /// <paramref name="configure"/> runs.
    /// </summary>
    /// <param name="builder">The silo.</param>
    /// <param name="configure">Sets the options; <see cref="PostgresProviderOptions.ConnectionString"/> is required.</param>
    public static ISiloBuilder UsePostgresReminderService(this ISiloBuilder builder, Action<PostgresReminderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddPostgresReminderTable(options =>
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
