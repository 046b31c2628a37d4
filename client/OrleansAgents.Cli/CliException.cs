namespace OrleansAgents.Cli;

/// <summary>A failure the CLI reports in one line on standard error and exits with <see cref="ExitCode"/>.</summary>
internal sealed class CliException(int exitCode, string message, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
