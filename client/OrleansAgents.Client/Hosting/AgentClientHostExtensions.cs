using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Messaging;

namespace OrleansAgents.Hosting;

/// <summary>Starting a client host (<c>UseOrleansClient</c>) with a deadline for reaching the cluster.</summary>
public static class AgentClientHostExtensions
{
    private static readonly TimeSpan ListTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Starts <paramref name="host"/>, whose Orleans client waits, as Orleans' does, until a gateway answers; if none has
    /// within <paramref name="connectTimeout"/>, stops it and throws a <see cref="TimeoutException"/> that says so: the
    /// cluster and service ids and the gateways the clustering provider lists (none when no silo of the cluster is
    /// active). Without a deadline an Orleans client start waits forever for a gateway that is not there.
    /// </summary>
    /// <exception cref="TimeoutException">No gateway answered within <paramref name="connectTimeout"/> (the inner exception is how Orleans' start ended).</exception>
    public static async Task StartAgentClientAsync(this IHost host, TimeSpan connectTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(connectTimeout, TimeSpan.Zero);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(connectTimeout);
        try
        {
            await host.StartAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception failure) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested && failure is not OutOfMemoryException)
        {
            // The deadline passed. Orleans' start ends then with an OperationCanceledException, or, when the deadline
            // fell inside a connection attempt, with that attempt's own failure (its retry loop rethrows it once the token
            // is cancelled: a SiloUnavailableException "Could not find any gateway"): either way, no gateway answered.
            var message = await DescribeAsync(host.Services, connectTimeout).ConfigureAwait(false);
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await host.StopAsync(stopping.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // The unreachable cluster is what gets reported; a client that never connected has nothing to stop.
            }

            throw new TimeoutException(message, failure);
        }
    }

    /// <summary>
    /// The gateways the provider lists. A deadline that fell before the client's start had initialized the provider (on a
    /// loaded machine, Orleans' ADO.NET provider reading its queries took longer than a 3 s deadline) leaves it unable to
    /// list (a NullReferenceException): it is initialized here, and asked again.
    /// </summary>
    private static async Task<IList<Uri>> ListAsync(IGatewayListProvider provider)
    {
        try
        {
            return await provider.GetGateways().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is NullReferenceException or InvalidOperationException)
        {
            await provider.InitializeGatewayListProvider().ConfigureAwait(false);
            return await provider.GetGateways().ConfigureAwait(false);
        }
    }

    private static async Task<string> DescribeAsync(IServiceProvider services, TimeSpan connectTimeout)
    {
        var cluster = services.GetService<IOptions<ClusterOptions>>()?.Value;
        string gateways;
        try
        {
            var listed = services.GetService<IGatewayListProvider>() is { } provider
                ? await ListAsync(provider).WaitAsync(ListTimeout).ConfigureAwait(false)
                : [];
            gateways = listed.Count == 0
                ? "the clustering provider lists no gateway (no silo of this cluster is active)"
                : $"the clustering provider lists {listed.Count} gateway(s), none of which answered: {string.Join(", ", listed.Select(uri => $"{uri.Host}:{uri.Port}"))}";
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            gateways = $"the clustering provider could not list the gateways: {exception.Message.ReplaceLineEndings(" ")}";
        }

        var seconds = connectTimeout.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture);
        return $"The Orleans client found no reachable gateway within {seconds} s (cluster '{cluster?.ClusterId}', service '{cluster?.ServiceId}'): {gateways}. " +
            "Start a silo of that cluster, or check the gateway address and port, the cluster id and the service id the client uses.";
    }
}
