using System.CommandLine;
using OrleansAgents.Cli.Backends;

namespace OrleansAgents.Cli.Commands;

/// <summary>The options every command takes: where to connect, as whom, and how to write the output.</summary>
internal sealed class GlobalOptions
{
    /// <summary>The gateway a silo listens on by default (silo appsettings.json).</summary>
    public const string DefaultGateway = "127.0.0.1:30000";

    public Option<string?> Url { get; } = new("--url")
    {
        Description = "An HTTP gateway's base address (e.g. http://localhost:8080): talk HTTP instead of joining as an Orleans client. Env: OA_URL.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("OA_URL") is { Length: > 0 } url ? url : null,
        Recursive = true,
    };

    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = "The gateway's API key (sent as a bearer token). Env: OA_API_KEY (prefer it: the command line is visible to other users).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("OA_API_KEY"),
        Recursive = true,
    };

    public Option<string[]> Gateways { get; } = new("--gateway")
    {
        Description = $"A silo gateway endpoint host:port; repeat for several. Default {DefaultGateway}. Env: OA_GATEWAY (comma-separated).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("OA_GATEWAY")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [],
        Recursive = true,
    };

    public Option<string?> Postgres { get; } = new("--postgres")
    {
        Description = "Find the gateways in the cluster's PostgreSQL membership table (an Npgsql connection string). Env: OA_POSTGRES.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("OA_POSTGRES"),
        Recursive = true,
    };

    public Option<string?> Redis { get; } = new("--redis")
    {
        Description = "Find the gateways in the cluster's Redis membership table (a Redis configuration string). Env: OA_REDIS.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("OA_REDIS"),
        Recursive = true,
    };

    public Option<string> ClusterId { get; } = new("--cluster-id")
    {
        Description = "The Orleans cluster id (the silos' OrleansAgents:Silo:ClusterId). Env: OA_CLUSTER_ID.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("OA_CLUSTER_ID") ?? "default",
        Recursive = true,
    };

    public Option<string> ServiceId { get; } = new("--service-id")
    {
        Description = "The Orleans service id (the silos' OrleansAgents:Silo:ServiceId). Env: OA_SERVICE_ID.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("OA_SERVICE_ID") ?? "orleansagents",
        Recursive = true,
    };

    public Option<string> User { get; } = new("--user")
    {
        Description = "The user to act for through the Orleans client (over HTTP the API key decides). Env: OA_USER; default the login name.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("OA_USER") is { Length: > 0 } user ? user : Environment.UserName,
        Recursive = true,
    };

    public Option<int> ConnectTimeout { get; } = new("--connect-timeout")
    {
        Description = "Seconds to wait for the cluster or gateway before giving up (exit code 7).",
        DefaultValueFactory = _ => 15,
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Write JSON for scripts (one document, or one line per event for watch and subscribe) instead of text.",
        Recursive = true,
    };

    public void AddTo(RootCommand root)
    {
        foreach (var option in (Option[])[Url, ApiKey, Gateways, Postgres, Redis, ClusterId, ServiceId, User, ConnectTimeout, Json])
        {
            root.Options.Add(option);
        }
    }

    /// <summary>The connection the options describe; conflicting choices are a usage error.</summary>
    public ConnectionSettings Settings(ParseResult parse)
    {
        var url = parse.GetValue(Url);
        var gateways = parse.GetValue(Gateways) ?? [];
        var postgres = parse.GetValue(Postgres);
        var redis = parse.GetValue(Redis);
        var ways = (url is null ? 0 : 1) + (gateways.Length == 0 ? 0 : 1) + (postgres is null ? 0 : 1) + (redis is null ? 0 : 1);
        if (ways > 1)
        {
            throw new CliException(CliExitCode.Usage, "Choose one way to connect: --url, --gateway, --postgres or --redis.");
        }

        Uri? gateway = null;
        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out gateway) || gateway.Scheme is not ("http" or "https")))
        {
            throw new CliException(CliExitCode.Usage, $"--url must be an http(s) address such as http://localhost:8080 (was '{url}').");
        }

        var timeout = parse.GetValue(ConnectTimeout);
        if (timeout <= 0)
        {
            throw new CliException(CliExitCode.Usage, $"--connect-timeout must be a positive number of seconds (was {timeout}).");
        }

        return new ConnectionSettings
        {
            Url = gateway is null ? null : new Uri(gateway.AbsoluteUri.TrimEnd('/') + "/"),
            ApiKey = parse.GetValue(ApiKey),
            Gateways = gateways.Length > 0 || postgres is not null || redis is not null || url is not null ? gateways : [DefaultGateway],
            Postgres = postgres,
            Redis = redis,
            ClusterId = parse.GetValue(ClusterId)!,
            ServiceId = parse.GetValue(ServiceId)!,
            User = parse.GetValue(User)!,
            ConnectTimeout = TimeSpan.FromSeconds(timeout),
        };
    }
}
