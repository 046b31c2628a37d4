using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using OrleansAgents.Hosting;
using OrleansAgents.Testing;
using Xunit;

namespace OrleansAgents.Mcp.Tests.Infrastructure;

/// <summary>
/// One in-process cluster (the testing kit on the real clock: memory streams deliver task events on it) with the sample
/// agents and the gated test agents, and a Kestrel host on a loopback port serving <c>/mcp</c> over it, authenticated by
/// <see cref="TestUserAuthenticationHandler"/>. Shared by the tests of the collection.
/// </summary>
public sealed class McpHost : IAsyncLifetime
{
    public const string Collection = "mcp host";

    private WebApplication? _app;

    public AgentTestCluster Cluster { get; private set; } = null!;

    public Gates Gates { get; } = new();

    public Uri Endpoint { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cluster = await new AgentTestClusterBuilder().UseRealTime().ConfigureSilo(silo =>
        {
            silo.AddSampleAgents();
            silo.Services.AddSingleton(Gates);
            silo.AddAgent<HalfwayAgent>(HalfwayAgent.Name, o => o.Description = "Reports half way, waits at its gate.");
            silo.AddAgent<HangingAgent>(HangingAgent.Name, o => o.Description = "Runs until cancelled.");
        }).DeployAsync();

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IClusterClient>(Cluster.Client);
        builder.Services.AddAuthentication(TestUserAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TestUserAuthenticationHandler>(TestUserAuthenticationHandler.SchemeName, null);
        builder.Services.AddAgentMcp();
        _app = builder.Build();
        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.MapAgentMcp("/mcp");
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Endpoint = new Uri(new Uri(address), "/mcp");
    }

    /// <summary>An MCP client of <paramref name="user"/> over Streamable HTTP, on the latest protocol revision unless <paramref name="protocolVersion"/> names one.</summary>
    public async Task<McpClient> ConnectAsync(string user, string? protocolVersion = null)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = Endpoint,
            AdditionalHeaders = new Dictionary<string, string> { [TestUserAuthenticationHandler.Header] = user },
        });
        using var connecting = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = protocolVersion }, cancellationToken: connecting.Token);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }
}

[CollectionDefinition(McpHost.Collection)]
public sealed class McpHostCollection : ICollectionFixture<McpHost>;
