using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrleansAgents.SiloHost;

/// <summary>
/// Replaces Orleans' fatal error handler, which would end the process at once (<c>Environment.FailFast</c>) with no
/// exit code a supervisor can read. Orleans calls it when its membership finds this silo declared dead
/// (<c>MembershipTableManager</c>: "I have been told I am dead, so this silo will stop!") and on other fatal errors.
/// It records exit code 4 (declared dead) or 1 (another fatal error) and stops the host, so the silo shuts down and
/// <see cref="SiloProgram"/> returns that code.
/// </summary>
internal sealed partial class SiloFatalErrorHandler(
    HostExitCode exitCode,
    IHostApplicationLifetime lifetime,
    ILocalSiloDetails silo,
    ILogger<SiloFatalErrorHandler> logger) : IFatalErrorHandler
{
    /// <summary>How Orleans' membership starts the context of the fatal error it reports when this silo was declared dead.</summary>
    public const string DeclaredDeadContext = "I have been told I am dead";

    public bool IsUnexpected(Exception exception) => exception is not OperationCanceledException;

    public void OnFatalException(object? sender = null, string? context = null, Exception? exception = null)
    {
        var declaredDead = IsDeclaredDead(sender, context);
        LogFatal(logger, declaredDead, sender?.GetType().Name, context, exception);
        if (declaredDead)
        {
            exitCode.SetFatal(HostExitCode.DeclaredDead, $"Silo {silo.Name} ({silo.SiloAddress}) was declared dead by the cluster and stopped; start a new silo to rejoin.");
        }
        else
        {
            exitCode.SetFatal(HostExitCode.Failure, $"Silo {silo.Name} ({silo.SiloAddress}) stopped after a fatal error: {context} {exception?.GetType().Name}: {exception?.Message}".TrimEnd(' ', ':'));
        }

        lifetime.StopApplication();
    }

    private static bool IsDeclaredDead(object? sender, string? context) =>
        context?.Contains(DeclaredDeadContext, StringComparison.Ordinal) == true
        || (sender?.GetType().Name == "MembershipTableManager" && context?.Contains("dead", StringComparison.OrdinalIgnoreCase) == true);

    [LoggerMessage(7001, LogLevel.Critical, "Fatal error (declared dead: {DeclaredDead}) reported by {Sender}: {Context}; stopping the silo")]
    private static partial void LogFatal(ILogger logger, bool declaredDead, string? sender, string? context, Exception? exception);
}
