using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansAgents.Hosting;
using OrleansAgents.SiloHost.Configuration;
using OrleansAgents.SiloHost.Demo;
using OrleansAgents.SiloHost.Diagnostics;

namespace OrleansAgents.SiloHost;

/// <summary>
/// Builds the silo's Generic Host: configuration from <c>appsettings.json</c>, environment variables and the
/// command line; single-line console logging; the silo with the selected providers and the agent runtime with
/// the sample agents; the metrics line; and, with <c>--demo</c>, the demo workload of agent tasks.
/// </summary>
internal static class SiloHostBuilder
{
    /// <summary>Creates the host builder.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="configure">Runs before the host's own registrations, so a test can supply services first.</param>
    public static HostApplicationBuilder Create(string[] args, Action<HostApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = CommandLineSwitches.Normalize(args),
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        });
        configure?.Invoke(builder);

        builder.Services.AddSiloHostOptions(builder.Configuration);
        builder.Services.TryAddSingleton<HostExitCode>();
        builder.Services.TryAddSingleton<SiloMetrics>();

        // Registered before the silo so the meter listener is running before the silo's first measurement.
        builder.Services.AddHostedService<MetricsReporter>();

        var storage = builder.Configuration.ReadSection<SiloStorageOptions>(SiloStorageOptions.SectionName);
        var postgres = builder.Configuration.ReadSection<PostgresOptions>(PostgresOptions.SectionName);
        builder.UseOrleansAgents(silo =>
        {
            // The silo hosts the agent runtime: the agent-task grains and the sample agents (summarize answers
            // from a scripted chat client unless an IChatClient is registered first).
            silo.AddSampleAgents();
            if (storage.IsPostgres && !string.IsNullOrWhiteSpace(postgres.ConnectionString))
            {
                PostgresProviderWiring.AddTo(silo, postgres.ConnectionString);
            }

            // Otherwise the runtime's in-memory providers stay; an unknown provider, or Postgres without a
            // connection string, fails start-up through SiloStorageOptionsValidator / PostgresOptionsValidator.
        });

        if (builder.Configuration.ReadSection<DemoOptions>(DemoOptions.SectionName).Enabled)
        {
            builder.Services.TryAddSingleton(_ => new DemoOutput(Console.Out));
            builder.Services.AddHostedService<DemoRunner>();
        }

        return builder;
    }
}
