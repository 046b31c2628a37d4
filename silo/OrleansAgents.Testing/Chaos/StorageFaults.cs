namespace OrleansAgents.Testing;

/// <summary>
/// The faults the fault-injecting storage decorator injects, per operation kind. Rates are probabilities in [0, 1]
/// drawn per operation from the <see cref="ChaosSeed"/>. Change them at any time (a test may run its setup fault-free
/// and raise them after); <see cref="ChaosController.Enabled"/> turns everything off at once.
/// </summary>
public sealed class StorageFaults
{
    /// <summary>How often a write fails without being applied (<see cref="InjectedFaultException"/>, an <see cref="IOException"/>).</summary>
    /// <value>0.</value>
    public double WriteFailureRate { get; set; }

    /// <summary>
    /// How often a write is applied but reported as timed out: the record and its new ETag land in the store, the caller
    /// gets a <see cref="TimeoutException"/> and keeps its old ETag (it never saw the answer).
    /// </summary>
    /// <value>0.</value>
    public double WriteTimeoutRate { get; set; }

    /// <summary>How often a read fails (<see cref="InjectedFaultException"/>).</summary>
    /// <value>0.</value>
    public double ReadFailureRate { get; set; }

    /// <summary>How often a clear fails without being applied (<see cref="InjectedFaultException"/>).</summary>
    /// <value>0.</value>
    public double ClearFailureRate { get; set; }

    /// <summary>How often an operation is slowed, by a latency drawn in (0, <see cref="MaxLatency"/>].</summary>
    /// <value>0.</value>
    public double LatencyRate { get; set; }

    /// <summary>
    /// The longest injected latency. Latency is spent on the cluster's clock (the <c>FakeTimeProvider</c>, so it passes
    /// only as the test moves fake time; the real clock with <see cref="AgentTestClusterBuilder.UseRealTime"/>). A
    /// latency past the grain call's response timeout (30 s, also on the fake clock) times out the call that waits for it.
    /// </summary>
    /// <value>100 ms.</value>
    public TimeSpan MaxLatency { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Which operations faults may hit (all when <c>null</c>): say, only writes of the <c>task</c> state.</summary>
    /// <value><c>null</c>.</value>
    public Func<StorageOperation, bool>? Applies { get; set; }

    internal void Validate()
    {
        foreach (var (rate, name) in new[]
        {
            (WriteFailureRate, nameof(WriteFailureRate)), (WriteTimeoutRate, nameof(WriteTimeoutRate)),
            (ReadFailureRate, nameof(ReadFailureRate)), (ClearFailureRate, nameof(ClearFailureRate)), (LatencyRate, nameof(LatencyRate)),
        })
        {
            if (rate is < 0 or > 1 || double.IsNaN(rate))
            {
                throw new ArgumentOutOfRangeException(name, rate, $"{nameof(StorageFaults)}.{name} must be within [0, 1].");
            }
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLatency, TimeSpan.Zero, nameof(MaxLatency));
    }
}
