using OrleansAgents.Hosting;

namespace OrleansAgents.TestingHost;

/// <summary>The shape of a test cluster.</summary>
public sealed class TestClusterOptions
{
    /// <summary>How many silos start with the cluster.</summary>
    /// <value>2.</value>
    public int InitialSilosCount { get; set; } = 2;

    /// <summary>The cluster id every silo joins.</summary>
    /// <value>A new id per cluster.</value>
    public string ClusterId { get; set; } = $"test-{Guid.NewGuid():N}";

    /// <summary>The clock of every silo and the client. Use <see cref="ManualTimeProvider"/> to drive time from a test.</summary>
    /// <value><see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// How long (in real time, whatever <see cref="TimeProvider"/> is) stopping a silo may take before its remaining
    /// activations are dropped, so that disposing a cluster never hangs a test run.
    /// </summary>
    /// <value>3 seconds.</value>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The client's messaging options.</summary>
    public MessagingOptions ClientMessaging { get; } = new() { SiloLeftGracePeriod = TimeSpan.FromMilliseconds(250) };

    /// <summary>
    /// Runs the cluster as a deterministic simulation (see <see cref="TestClusterBuilder.UseSimulation(int, SimulationFaults?)"/>);
    /// <c>null</c> for a normal cluster. A cluster built inside <see cref="TestingHost.Simulation.RunAsync(SimulationOptions, Func{TestingHost.Simulation, Task})"/> is simulated either way.
    /// </summary>
    /// <value><c>null</c>.</value>
    public SimulationOptions? Simulation { get; set; }
}
