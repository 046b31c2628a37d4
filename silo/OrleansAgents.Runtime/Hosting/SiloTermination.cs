namespace OrleansAgents.Hosting;

/// <summary>
/// Why this process's silo stopped, when the cluster rather than the host decided it: a host reads it after the run to
/// tell a normal stop from one forced on it (and to choose its exit code).
/// </summary>
public sealed class SiloTermination
{
    private volatile string? _declaredDead;

    /// <summary>Whether the cluster declared this silo dead (it stopped itself on finding out).</summary>
    public bool DeclaredDead => _declaredDead is not null;

    /// <summary>The silo that was declared dead, as <c>name@address</c>; <c>null</c> while it was not.</summary>
    public string? DeclaredDeadSilo => _declaredDead;

    internal void OnDeclaredDead(string silo) => _declaredDead = silo;
}
