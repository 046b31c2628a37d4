using OrleansAgents.Agents;

namespace OrleansAgents.Cli;

/// <summary>The exit codes of <c>oa</c>, for scripts (README: "CLI").</summary>
internal static class CliExitCode
{
    /// <summary>Done; for a followed task, it Succeeded.</summary>
    public const int Success = 0;

    /// <summary>An unexpected error (a bug, or a failure with no better code); standard error says what.</summary>
    public const int Error = 1;

    /// <summary>The command line or the request is invalid (unknown option, malformed JSON input, rejected input).</summary>
    public const int Usage = 2;

    /// <summary>The task ended Failed.</summary>
    public const int Failed = 3;

    /// <summary>The task ended Cancelled.</summary>
    public const int Cancelled = 4;

    /// <summary>The task ended TimedOut.</summary>
    public const int TimedOut = 5;

    /// <summary>No such task (for this user) or no such agent.</summary>
    public const int NotFound = 6;

    /// <summary>The cluster or the gateway could not be reached.</summary>
    public const int Unavailable = 7;

    /// <summary>The gateway refused the API key (HTTP 401/403).</summary>
    public const int Unauthorized = 8;

    /// <summary><c>get</c>: the task has not ended yet (Pending or Running).</summary>
    public const int NotFinished = 9;

    /// <summary>Interrupted (Ctrl+C, SIGTERM).</summary>
    public const int Interrupted = 130;

    /// <summary>The exit code for a task's status: its terminal code, or <see cref="NotFinished"/>.</summary>
    public static int For(AgentTaskStatus status) => status switch
    {
        AgentTaskStatus.Succeeded => Success,
        AgentTaskStatus.Failed => Failed,
        AgentTaskStatus.Cancelled => Cancelled,
        AgentTaskStatus.TimedOut => TimedOut,
        _ => NotFinished,
    };
}
