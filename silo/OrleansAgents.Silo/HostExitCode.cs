namespace OrleansAgents.SiloHost;

/// <summary>The exit code the process returns once the host has stopped; services that end the run set it.</summary>
internal sealed class HostExitCode
{
    /// <summary>Success.</summary>
    public const int Success = 0;

    /// <summary>The workload ran but did not end as expected (or failed).</summary>
    public const int Failure = 1;

    /// <summary>The configuration is invalid; the silo did not start.</summary>
    public const int InvalidConfiguration = 2;

    /// <summary>
    /// The configuration was valid but the silo could not start: a provider could not reach its database, the
    /// cluster could not be joined. Standard error says which part failed and why.
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

    public int Value
    {
        get => Volatile.Read(ref _value);
        set => Volatile.Write(ref _value, value);
    }
}
