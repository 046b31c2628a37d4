namespace OrleansAgents.Hosting;

/// <summary>How silos watch each other.</summary>
public sealed class ClusterMembershipOptions
{
    /// <summary>How often a silo writes its heartbeat, re-reads the table and probes the other silos.</summary>
    /// <value>1 second.</value>
    public TimeSpan ProbePeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a probe waits for an answer.</summary>
    /// <value>2 seconds.</value>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How many probes in a row may go unanswered before a silo is declared dead. A refused connection (the
    /// endpoint is gone) declares it dead at once.
    /// </summary>
    /// <value>3.</value>
    public int MissedProbesLimit { get; set; } = 3;
}
