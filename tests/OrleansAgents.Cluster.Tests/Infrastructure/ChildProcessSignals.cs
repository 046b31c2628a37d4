namespace OrleansAgents.SiloHost.Tests.Infrastructure;

/// <summary>What the cluster tests add to the shared child process: a crash, and whether it still runs.</summary>
internal sealed partial class ChildProcess
{
    /// <summary>SIGKILL: the process dies at once, without leaving the cluster (a crash, an OOM kill, a pulled plug).</summary>
    public void KillHard()
    {
        _process.Kill();
        _process.WaitForExit(TimeSpan.FromSeconds(10));
    }

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;
}
