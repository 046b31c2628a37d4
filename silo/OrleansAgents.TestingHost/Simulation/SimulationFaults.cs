namespace OrleansAgents.TestingHost;

/// <summary>
/// The faults a simulation injects, each decided by the seed. Rates are probabilities per event (a frame, a write, a
/// virtual second for silo crashes), in [0, 1]; 0 turns a kind off. Message faults apply between silos only: the client's link is a test's own channel.
/// Change <see cref="Simulation.Faults"/> inside a test to end a chaos window and let the cluster heal.
/// </summary>
public sealed record SimulationFaults
{
    /// <summary>No faults: the simulation only explores orderings of steps.</summary>
    public static SimulationFaults None { get; } = new();

    /// <summary>
    /// Faults a correct program must hide completely: message delay, reordering and duplication, storage latency, and
    /// clock skew. A test that passes normally must pass under these.
    /// </summary>
    public static SimulationFaults Benign { get; } = new()
    {
        MessageDelayRate = 0.3,
        MaxMessageDelay = TimeSpan.FromMilliseconds(50),
        ReorderRate = 0.1,
        DuplicateRate = 0.05,
        MaxStorageLatency = TimeSpan.FromMilliseconds(20),
        MaxClockSkew = TimeSpan.FromSeconds(2),
    };

    /// <summary>
    /// <see cref="Benign"/> plus faults a program can only survive, not hide: dropped messages (calls time out),
    /// failed and timed-out storage writes. Check invariants, not outcomes, under these.
    /// </summary>
    public static SimulationFaults Hostile { get; } = Benign with
    {
        DropRate = 0.02,
        StorageWriteFailureRate = 0.05,
        StorageWriteTimeoutRate = 0.02,
    };

    /// <summary>How often a frame between silos is delayed (by up to <see cref="MaxMessageDelay"/>).</summary>
    /// <value>0.</value>
    public double MessageDelayRate { get; init; }

    /// <summary>The longest extra delay of a delayed frame.</summary>
    /// <value>Zero.</value>
    public TimeSpan MaxMessageDelay { get; init; }

    /// <summary>How often a frame between silos leaves its link's order (it may overtake or be overtaken).</summary>
    /// <value>0.</value>
    public double ReorderRate { get; init; }

    /// <summary>How often a frame between silos is lost.</summary>
    /// <value>0.</value>
    public double DropRate { get; init; }

    /// <summary>How often a frame between silos arrives twice (requests are de-duplicated by the receiver).</summary>
    /// <value>0.</value>
    public double DuplicateRate { get; init; }

    /// <summary>The longest latency of a storage call (each call waits a seeded time up to it).</summary>
    /// <value>Zero.</value>
    public TimeSpan MaxStorageLatency { get; init; }

    /// <summary>How often a storage write fails before it is applied (an <see cref="IOException"/>).</summary>
    /// <value>0.</value>
    public double StorageWriteFailureRate { get; init; }

    /// <summary>How often a storage write is applied but its caller sees a <see cref="TimeoutException"/> (the ambiguous outcome).</summary>
    /// <value>0.</value>
    public double StorageWriteTimeoutRate { get; init; }

    /// <summary>
    /// The probability, rolled once per virtual second, that a simulated <see cref="TestCluster"/> kills one of its
    /// running silos other than the primary (no deactivation, no farewell: a crash). Read when the cluster is deployed
    /// (set it before <see cref="TestCluster.DeployAsync"/>; set it to 0 later to end the crashes). A test that kills
    /// or stops silos itself should not also turn this on.
    /// </summary>
    /// <value>0.</value>
    public double SiloCrashRate { get; init; }

    /// <summary>How long after a crash the silo starts again under the same name (a new generation); <see cref="Timeout.InfiniteTimeSpan"/> never.</summary>
    /// <value>1 second.</value>
    public TimeSpan SiloRestartDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The largest offset of a silo's wall clock from the others' (each silo gets a seeded offset within it).</summary>
    /// <value>Zero.</value>
    public TimeSpan MaxClockSkew { get; init; }
}
