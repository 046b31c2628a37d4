using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using OrleansAgents.Agents;
using OrleansAgents.Hosting;
using OrleansAgents.Providers.Tests.Servers;

namespace OrleansAgents.Providers.Tests;

/// <summary>
/// A one-silo cluster as the silo host will run it: a generic host with the agent runtime, the sample agents, the
/// in-memory providers and then the backend under test over real TCP on loopback, and a client host that finds the
/// gateway through the backend's clustering.
/// </summary>
/// <remarks>
/// Not the OrleansAgents.Testing kit: its InProcessTestCluster registers Orleans' test membership table after every
/// ConfigureSilo delegate (the switch is internal), so the backend's clustering could not be exercised there.
/// </remarks>
internal sealed class AgentCluster : IAsyncDisposable
{
    private readonly IHost _silo;
    private readonly IHost _client;

    private AgentCluster(IHost silo, IHost client)
    {
        _silo = silo;
        _client = client;
    }

    public IClusterClient Client => _client.Services.GetRequiredService<IClusterClient>();

    /// <summary>The silo's services (its storage providers and reminder table).</summary>
    public IServiceProvider SiloServices => _silo.Services;

    public AgentClient ClientFor(string userId) => new(Client, new AgentCaller(userId));

    public static async Task<AgentCluster> StartAsync(string serviceId, string clusterId, Action<ISiloBuilder> backend, Action<IClientBuilder> clientBackend)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var siloBuilder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = Environments.Development });
        siloBuilder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (serviceId, clusterId));
            silo.ConfigureEndpoints(IPAddress.Loopback, ServerBinaries.FreeLoopbackPort(), ServerBinaries.FreeLoopbackPort());
            silo.AddAgentInMemoryProviders();
            silo.AddSampleAgents();
            backend(silo);
        });
        var silo = siloBuilder.Build();
        try
        {
            await silo.StartAsync(deadline.Token);
        }
        catch
        {
            silo.Dispose();
            throw;
        }

        var clientBuilder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = Environments.Development });
        clientBuilder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (serviceId, clusterId));
            client.AddAgentClient();
            clientBackend(client);
        });
        var clientHost = clientBuilder.Build();
        try
        {
            await clientHost.StartAsync(deadline.Token);
        }
        catch
        {
            clientHost.Dispose();
            await StopAsync(silo);
            throw;
        }

        return new AgentCluster(silo, clientHost);
    }

    /// <summary>Stops the client, then the silo gracefully (its membership row ends Dead).</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(_client);
        await StopAsync(_silo);
    }

    private static async Task StopAsync(IHost host)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await host.StopAsync(deadline.Token);
        }
        finally
        {
            host.Dispose();
        }
    }
}
