namespace OrleansAgents.Testing;

/// <summary>What <see cref="AgentTestClusterBuilder.UseChaos"/> injects faults into, and how much.</summary>
public sealed class ChaosOptions
{
    /// <summary>
    /// The storage providers (by name) the fault-injecting decorator wraps on every silo. A name must be registered (by
    /// the kit, <see cref="AgentTestClusterBuilder.UseSharedStorage"/> or the test) by the time the silo is configured.
    /// </summary>
    /// <value><c>Default</c> (the agent layer's storage unless <c>AgentTaskOptions.StorageName</c> says otherwise).</value>
    public IList<string> StorageProviders { get; } = ["Default"];

    /// <summary>The storage faults (rates may be changed while the cluster runs, through <see cref="ChaosController.Storage"/>).</summary>
    public StorageFaults Storage { get; } = new();

    /// <summary>The call faults: the first rule that matches a call decides its faults.</summary>
    public IList<CallFaultRule> Calls { get; } = [];

    /// <summary>
    /// Whether faults are on when the cluster starts. Off by default, so the cluster deploys and the test sets up
    /// fault-free; turn them on with <see cref="ChaosController.Enabled"/>.
    /// </summary>
    /// <value><c>false</c>.</value>
    public bool EnabledAtStart { get; set; }
}
