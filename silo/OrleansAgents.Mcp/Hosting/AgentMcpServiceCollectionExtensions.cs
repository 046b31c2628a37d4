using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using OrleansAgents.Mcp.Tools;

namespace OrleansAgents.Hosting;

/// <summary>Registers the MCP front door: every registered agent as an MCP tool.</summary>
public static class AgentMcpServiceCollectionExtensions
{
    /// <summary>
    /// Registers the MCP server over Streamable HTTP (map it with <c>MapAgentMcp</c>). Calls act for the authenticated
    /// user (<see cref="System.Security.Claims.ClaimTypes.NameIdentifier"/>); the cluster is reached through the
    /// <see cref="IClusterClient"/> in the container (a silo's own, or an Orleans client's).
    /// </summary>
    /// <returns>The SDK's builder, for further MCP configuration.</returns>
    public static IMcpServerBuilder AddAgentMcp(this IServiceCollection services, Action<AgentMcpOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddAuthorization();
        return services.AddAgentMcpCore(configure).WithHttpTransport();
    }

    /// <summary>
    /// Registers the MCP server over standard input and output, acting for <paramref name="userId"/>; the host stops
    /// when standard input closes. Log to standard error only: standard output carries the protocol.
    /// </summary>
    /// <returns>The SDK's builder, for further MCP configuration.</returns>
    public static IMcpServerBuilder AddAgentMcpStdio(this IServiceCollection services, string userId, Action<AgentMcpOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        return services.AddAgentMcpCore(options =>
        {
            options.UserId = userId;
            configure?.Invoke(options);
        }).WithStdioServerTransport();
    }

    private static IMcpServerBuilder AddAgentMcpCore(this IServiceCollection services, Action<AgentMcpOptions>? configure)
    {
        var options = services.AddOptions<AgentMcpOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AgentMcpOptions>, AgentMcpOptionsValidator>());
        services.TryAddSingleton<McpCallers>();
        services.TryAddSingleton<AgentToolHandlers>();
        services.AddOptions<McpServerOptions>().Configure<IOptions<AgentMcpOptions>>((server, agent) => server.ServerInfo = new Implementation
        {
            Name = agent.Value.ServerName,
            Version = typeof(AgentMcpServiceCollectionExtensions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0",
        });
        return services.AddMcpServer()
            .WithListToolsHandler((request, cancellationToken) => Handlers(request).ListAsync(request, cancellationToken))
            .WithCallToolHandler((request, cancellationToken) => Handlers(request).CallAsync(request, cancellationToken));
    }

    private static AgentToolHandlers Handlers(MessageContext request) =>
        (request.Services ?? throw new InvalidOperationException("The MCP request has no service provider.")).GetRequiredService<AgentToolHandlers>();
}
