namespace OrleansAgents.SiloHost.Configuration;

/// <summary>
/// How fast the cluster declares a crashed silo dead and lets its grains activate elsewhere. Bound from
/// <c>OrleansAgents:Liveness</c>; applied to Orleans' <c>ClusterMembershipOptions</c> and <c>GrainDirectoryOptions</c>.
/// The defaults are tuned for small clusters (up to about 3 silos) on a reliable network: a crashed silo is declared
/// dead in about 2-3 seconds. On a larger or noisier cluster, raise <see cref="ProbeTimeout"/>,
/// <see cref="NumMissedProbesLimit"/> and <see cref="NumVotesForDeathDeclaration"/> (Orleans' defaults: 5 s, 3, 2).
/// </summary>
internal sealed class SiloLivenessOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "OrleansAgents:Liveness";

    /// <summary>How long a silo waits for a probe (ping) answer before counting it missed.</summary>
    /// <value>1 second (Orleans: 5 s).</value>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many missed probes in a row make a silo suspect its target.</summary>
    /// <value>2 (Orleans: 3).</value>
    public int NumMissedProbesLimit { get; set; } = 2;

    /// <summary>
    /// How many silos' votes declare a silo dead. 1 lets a single prober declare it, which is right for up to 3 silos
    /// (with 2 votes a 2-silo cluster could never declare the other dead).
    /// </summary>
    /// <value>1 (Orleans: 2).</value>
    public int NumVotesForDeathDeclaration { get; set; } = 1;

    /// <summary>How often a silo writes its I-am-alive time to the membership table (clients and a starting silo read it).</summary>
    /// <value>10 seconds (Orleans: 5 minutes).</value>
    public TimeSpan IAmAliveTablePublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a silo re-reads the membership table (besides the gossip it receives).</summary>
    /// <value>2 seconds (Orleans: 1 minute).</value>
    public TimeSpan TableRefreshTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The grain directory's range lease after an ungraceful silo failure (<c>GrainDirectoryOptions.RangeLeaseDuration</c>):
    /// the dead silo's grains cannot be registered again until it has passed, counted from the estimated failure time.
    /// Orleans' 30 s kept grains of a killed silo unreachable for about 26 s; zero switches the lease off.
    /// </summary>
    /// <value>2 seconds (Orleans: 30 s).</value>
    public TimeSpan DirectoryRangeLeaseDuration { get; set; } = TimeSpan.FromSeconds(2);
}
