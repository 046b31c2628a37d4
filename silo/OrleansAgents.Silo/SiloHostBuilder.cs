using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Dashboard;
using OrleansAgents.Agents;
using OrleansAgents.Hosting;
using OrleansAgents.SiloHost.Configuration;
using OrleansAgents.SiloHost.Demo;

namespace OrleansAgents.SiloHost;

/// <summary>
/// Builds the silo's Generic Host: configuration from <c>appsettings.json</c>, environment variables and the
/// command line; single-line console logging; an Orleans silo (localhost clustering and the in-memory providers, or
/// PostgreSQL / Redis for clustering, storage and reminders; memory streams; liveness tuned by
/// <see cref="SiloLivenessOptions"/>; the agent runtime with the sample agents); the ready line; with <c>--demo</c>, the demo
/// workload of agent tasks; and with <c>OrleansAgents:Http:Urls</c> (or <c>--http URL</c>) a <see cref="WebApplication"/>
/// serving the HTTP API from the same process (the API talks to the co-hosted silo through its <see cref="IClusterClient"/>),
/// the sign-in and agent-tasks pages, and the Orleans Dashboard under <c>/dashboard</c> (admins only).
/// </summary>
internal static class SiloHostBuilder
{
    /// <summary>The section whose children set the options of one agent each, by agent name.</summary>
    public const string AgentOptionsSection = "OrleansAgents:AgentOptions";

    /// <summary>
    /// Builds the host: a <see cref="WebApplication"/> serving the HTTP API when HTTP URLs are configured, a plain host
    /// otherwise (no HTTP listener at all).
    /// </summary>
    /// <param name="args">The command line.</param>
    /// <param name="configure">Runs before the host's own registrations, so a test can supply services first.</param>
    /// <exception cref="InvalidOperationException">A choice read while building is invalid (exit code 2).</exception>
    public static IHost Build(string[] args, Action<IHostApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var normalized = CommandLineSwitches.Normalize(args);
        if (HttpUrls(normalized) is not { } urls)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = normalized, ContentRootPath = AppContext.BaseDirectory });
            Configure(builder, configure);
            return builder.Build();
        }

        var web = WebApplication.CreateBuilder(new WebApplicationOptions { Args = normalized, ContentRootPath = AppContext.BaseDirectory });
        Configure(web, configure);
        web.WebHost.UseUrls(urls);
        web.Services.AddAgentHttpApi(web.Configuration);
        web.Services.AddAgentMcp();
        web.UseOrleans(silo => silo.AddDashboard());
        var app = web.Build();
        app.MapAgentHttpApi();
        app.MapAgentPages();

        // MCP Streamable HTTP behind the same API keys: every registered agent is a tool, calls run as the key's user.
        app.MapAgentMcp("/mcp");
        return app;
    }

    /// <summary>
    /// The HTTP URLs from the configuration the host will read (appsettings.json, environment variables, command line),
    /// read before choosing which host to build; <c>null</c> when HTTP is off.
    /// </summary>
    internal static string[]? HttpUrls(string[] normalizedArgs)
    {
        using var configuration = new ConfigurationManager();
        configuration.SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
            .AddEnvironmentVariables()
            .AddCommandLine(normalizedArgs);
        var value = configuration[CommandLineSwitches.HttpUrlsKey];
        if (value is null)
        {
            return null;
        }

        var urls = value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return urls.Length > 0
            ? urls
            : throw new InvalidOperationException($"{CommandLineSwitches.HttpUrlsKey} (or {CommandLineSwitches.HttpSwitch}) needs a URL to listen on, e.g. {CommandLineSwitches.HttpSwitch} http://127.0.0.1:8080.");
    }

    /// <summary>The silo's registrations, on either kind of host builder.</summary>
    private static void Configure(IHostApplicationBuilder builder, Action<IHostApplicationBuilder>? configure)
    {
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        });
        configure?.Invoke(builder);

        builder.Services.AddSiloHostOptions(builder.Configuration);
        builder.Services.TryAddSingleton<HostExitCode>();
        builder.Services.TryAddSingleton(_ => new HostOutput(Console.Out));

        // Choices that decide what is registered are read here; a value that cannot be converted throws (exit code 2),
        // an invalid one leaves its part unwired and fails the start-up validation with the option's name (exit code 2).
        var silo = builder.Configuration.ReadSection<SiloHostOptions>(SiloHostOptions.SectionName);
        var storage = builder.Configuration.ReadSection<SiloStorageOptions>(SiloStorageOptions.SectionName);
        var backend = StorageBackend.Read(builder.Configuration, storage);
        builder.Services.AddSingleton(backend);
        var liveness = builder.Configuration.ReadSection<SiloLivenessOptions>(SiloLivenessOptions.SectionName);
        builder.UseOrleans(orleans =>
        {
            if (SiloHostOptionsValidator.IsValid(silo))
            {
                var address = silo.AdvertisedAddress is { } advertised ? IPAddress.Parse(advertised) : IPAddress.Loopback;
                if (backend.Kind == StorageBackendKind.Memory)
                {
                    // One silo and its clients on this machine (or on the advertised address): the membership table is
                    // kept in memory by the silo itself.
                    orleans.UseLocalhostClustering(silo.SiloPort, silo.GatewayPort, new IPEndPoint(address, silo.SiloPort), silo.ServiceId, silo.ClusterId);
                }
                else
                {
                    // Several silos sharing the database's membership table: each listens on its own ports.
                    orleans.Configure<ClusterOptions>(cluster =>
                    {
                        cluster.ClusterId = silo.ClusterId;
                        cluster.ServiceId = silo.ServiceId;
                    });
                    orleans.Configure<EndpointOptions>(endpoints =>
                    {
                        endpoints.SiloPort = silo.SiloPort;
                        endpoints.GatewayPort = silo.GatewayPort;
                    });
                }

                orleans.Configure<EndpointOptions>(endpoints => endpoints.AdvertisedIPAddress = address);
            }

            if (!string.IsNullOrWhiteSpace(silo.SiloName))
            {
                orleans.Configure<SiloOptions>(options => options.SiloName = silo.SiloName);
            }

            if (storage.IsMemory || storage.IsPostgres || storage.IsRedis)
            {
                // Memory streams with every backend; the backends replace storage, reminders and clustering.
                orleans.AddAgentInMemoryProviders();
            }

            switch (backend.Kind)
            {
                case StorageBackendKind.Postgres:
                    orleans.UseAgentPostgres(o =>
                    {
                        o.ConnectionString = backend.ConnectionString;
                        o.MigrateOnStart = backend.MigrateOnStart;
                        o.GrainStorage = backend.GrainStorage;
                    });
                    break;
                case StorageBackendKind.Redis:
                    orleans.UseAgentRedis(o => o.ConnectionString = backend.ConnectionString);
                    break;
            }

            orleans.ConfigureLiveness(liveness);

            // The silo hosts the agent runtime: the agent-task grains and the sample agents (summarize answers
            // from a scripted chat client unless an IChatClient is registered first).
            orleans.AddSampleAgents();
        });

        // Per-agent options from configuration (OrleansAgents:AgentOptions:<agent>:<option>, e.g. MaxAttempts), applied
        // after the ones set in code by AddSampleAgents.
        foreach (var agent in builder.Configuration.GetSection(AgentOptionsSection).GetChildren())
        {
            builder.Services.Configure<AgentOptions>(agent.Key, agent);
        }

        // After UseOrleans: this registration wins over Orleans' handler (which would fail the process fast).
        builder.Services.AddSingleton<IFatalErrorHandler, SiloFatalErrorHandler>();

        // After the silo's hosted service, so it runs once the silo has started.
        builder.Services.AddHostedService<SiloReadyReporter>();

        if (builder.Configuration.ReadSection<DemoOptions>(DemoOptions.SectionName).Enabled)
        {
            builder.Services.TryAddSingleton(_ => new DemoOutput(Console.Out));
            builder.Services.AddHostedService<DemoRunner>();
        }
    }
}
