using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using OrleansAgents.Hosting;

namespace OrleansAgents.Cli.Backends;

/// <summary>A host with an Orleans client for the cluster the settings name (static gateways, PostgreSQL or Redis membership).</summary>
internal static class ClusterHost
{
    public static HostApplicationBuilder CreateBuilder(ConnectionSettings settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });

        // Standard output belongs to the command's output (and to the protocol under `oa mcp`): logs go to standard error.
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Orleans", LogLevel.Critical);

        // A connection failure is reported once, by the command, with its exit code; not also as a host start-up failure.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        builder.UseOrleansClient(client =>
        {
            if (settings.Postgres is { } postgres)
            {
                client.UseAgentPostgresClustering(o => o.ConnectionString = postgres);
            }
            else if (settings.Redis is { } redis)
            {
                client.UseAgentRedisClustering(o => o.ConnectionString = redis);
            }
            else
            {
                client.UseStaticClustering([.. settings.Gateways.Select(Endpoint)]);
            }

            client.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = settings.ClusterId;
                cluster.ServiceId = settings.ServiceId;
            });
            client.AddAgentClient();
        });
        return builder;
    }

    /// <summary>Starts the host (connects the client) within the connect timeout.</summary>
    public static async Task StartAsync(IHost host, ConnectionSettings settings, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.ConnectTimeout);
        try
        {
            await host.StartAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(CliExitCode.Unavailable, $"Cannot reach {settings.Describe()} within {settings.ConnectTimeout.TotalSeconds:0} s.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not CliException)
        {
            throw new CliException(CliExitCode.Unavailable, $"Cannot reach {settings.Describe()}: {exception.Message}", exception);
        }
    }

    /// <summary>A gateway endpoint from <c>host:port</c> (an IP address or a host name).</summary>
    internal static IPEndPoint Endpoint(string gateway)
    {
        if (IPEndPoint.TryParse(gateway, out var endpoint) && endpoint.Port != 0)
        {
            return endpoint;
        }

        var colon = gateway.LastIndexOf(':');
        if (colon > 0 && int.TryParse(gateway.AsSpan(colon + 1), out var port) && port is > 0 and <= 65535)
        {
            try
            {
                var address = Dns.GetHostAddresses(gateway[..colon]).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
                    ?? Dns.GetHostAddresses(gateway[..colon]).First();
                return new IPEndPoint(address, port);
            }
            catch (SocketException exception)
            {
                throw new CliException(CliExitCode.Unavailable, $"Cannot resolve the gateway host '{gateway[..colon]}': {exception.Message}", exception);
            }
        }

        throw new CliException(CliExitCode.Usage, $"'{gateway}' is not a gateway endpoint: give host:port, e.g. 127.0.0.1:30000.");
    }
}
