namespace OrleansAgents.SiloHost;

/// <summary>The exit code the process returns once the host has stopped; services that end the run set it.</summary>
internal sealed class HostExitCode
{
    /// <summary>Success.</summary>
    public const int Success = 0;

    /// <summary>The workload ran but did not end as expected (or failed), or the silo hit a fatal error.</summary>
    public const int Failure = 1;

    /// <summary>The configuration is invalid; the silo did not start.</summary>
    public const int InvalidConfiguration = 2;

    /// <summary>
    /// The configuration was valid but the silo could not start: a port is in use, the cluster could not be joined.
    /// Standard error says why.
    /// </summary>
    public const int StartFailed = 3;

    /// <summary>
    /// The cluster declared this silo dead (it missed probes, or was partitioned away) and the silo stopped itself;
    /// a supervisor should start a new one.
    /// </summary>
    public const int DeclaredDead = 4;

    /// <summary>The run was interrupted (Ctrl+C, SIGTERM) before the workload finished.</summary>
    public const int Interrupted = 130;

    private int _value;
    private string? _fatal;

    public int Value
    {
        get => Volatile.Read(ref _value);
        set => Volatile.Write(ref _value, value);
    }

    /// <summary>Why the silo stopped itself (declared dead, a fatal error), for standard error; <c>null</c> otherwise.</summary>
    public string? FatalReason => Volatile.Read(ref _fatal);

    /// <summary>Records that the silo stopped itself: the exit code and the reason, the first report winning.</summary>
    public void SetFatal(int code, string reason)
    {
        if (Interlocked.CompareExchange(ref _fatal, reason, null) is null)
        {
            Value = code;
        }
    }
}
