using System.CommandLine;
using OrleansAgents.Cli.Backends;
using OrleansAgents.Cli.Output;

namespace OrleansAgents.Cli.Commands;

/// <summary>
/// Runs a command's body against a connected backend and turns every outcome into an exit code: a
/// <see cref="CliException"/> into its code, Ctrl+C into 130, anything unexpected into 1, each with one line on
/// standard error.
/// </summary>
internal static class CommandRunner
{
    public static void SetAction(Command command, GlobalOptions options, Func<ParseResult, IAgentBackend, CliOutput, CancellationToken, Task<int>> body) =>
        command.SetAction((parse, cancellationToken) => RunAsync(parse, options, body, cancellationToken));

    public static async Task<int> RunAsync(ParseResult parse, GlobalOptions options, Func<ParseResult, IAgentBackend, CliOutput, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        var output = CliOutput.Create(parse.GetValue(options.Json));
        return await GuardAsync(output, async () =>
        {
            var settings = options.Settings(parse);
            IAgentBackend backend = settings.Url is not null
                ? new HttpBackend(settings)
                : await ClusterBackend.ConnectAsync(settings, cancellationToken).ConfigureAwait(false);
            await using (backend.ConfigureAwait(false))
            {
                return await body(parse, backend, output, cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="body"/>, mapping its failures to exit codes.</summary>
    public static async Task<int> GuardAsync(CliOutput output, Func<Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            var code = await body().ConfigureAwait(false);
            return cancellationToken.IsCancellationRequested ? CliExitCode.Interrupted : code;
        }
        catch (CliException exception)
        {
            output.WriteError(exception.Message);
            return exception.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return CliExitCode.Interrupted;
        }
        catch (Exception exception)
        {
            output.WriteError($"{exception.GetType().Name}: {exception.Message}");
            return CliExitCode.Error;
        }
    }
}
