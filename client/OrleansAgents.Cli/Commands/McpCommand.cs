using System.CommandLine;
using Microsoft.Extensions.Hosting;
using OrleansAgents.Cli.Backends;
using OrleansAgents.Cli.Output;
using OrleansAgents.Hosting;

namespace OrleansAgents.Cli.Commands;

/// <summary><c>oa mcp</c>: the registered agents as MCP tools over standard input and output, for an MCP client to start.</summary>
internal static class McpCommand
{
    public static Command Create(GlobalOptions options)
    {
        var command = new Command("mcp", "Serve the agents as MCP tools over stdio (for an MCP client to start); calls run as tasks of --user.");
        command.SetAction((parse, cancellationToken) =>
        {
            // Standard output carries the protocol: errors go to standard error only.
            var output = new CliOutput(json: false, Spectre.Console.AnsiConsole.Console, Console.Error, Console.Error);
            return CommandRunner.GuardAsync(output, () => ServeAsync(options.Settings(parse), cancellationToken), cancellationToken);
        });
        return command;
    }

    private static async Task<int> ServeAsync(ConnectionSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Url is not null)
        {
            throw new CliException(
                CliExitCode.Usage,
                $"oa mcp joins the cluster as an Orleans client; a gateway serves MCP itself: point the MCP client at {new Uri(settings.Url, "mcp")} instead.");
        }

        var builder = ClusterHost.CreateBuilder(settings);
        builder.Services.AddAgentMcpStdio(settings.User);
        using var host = builder.Build();
        await ClusterHost.StartAsync(host, settings, cancellationToken).ConfigureAwait(false);

        // The stdio transport stops the host when standard input closes (the MCP client went away).
        await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        return CliExitCode.Success;
    }
}
