namespace OrleansAgents.TestingHost;

/// <summary>How a simulation runs: its seed, its faults and the limits that turn a hang into a failure.</summary>
public sealed class SimulationOptions
{
    /// <summary>The seed: the same seed replays the same steps, faults and virtual times.</summary>
    /// <value><see cref="SimulationSeeds.FromEnvironment"/>: <c>ORLEANSAGENTS_SIM_SEED</c>, or 1.</value>
    public int Seed { get; set; } = SimulationSeeds.FromEnvironment();

    /// <summary>The faults to inject.</summary>
    /// <value><see cref="SimulationFaults.None"/>.</value>
    public SimulationFaults Faults { get; set; } = SimulationFaults.None;

    /// <summary>Fails the simulation (a hang) when virtual time passes this while the test has not finished.</summary>
    /// <value>1 hour.</value>
    public TimeSpan MaxVirtualTime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Fails the simulation (a livelock) after this many steps.</summary>
    /// <value>20,000,000.</value>
    public long MaxSteps { get; set; } = 20_000_000;

    /// <summary>How long (real time) a held simulation with nothing runnable and no timer waits for another thread before it reports a deadlock.</summary>
    /// <value>2 seconds.</value>
    public TimeSpan DeadlockWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Whether invariants run after every step (else only when <see cref="Simulation.CheckInvariants"/> is called and at the end).</summary>
    /// <value><c>true</c>.</value>
    public bool CheckInvariantsAfterEveryStep { get; set; } = true;

    /// <summary>Whether work reaching the simulation from another thread (a determinism leak) fails the run.</summary>
    /// <value><c>true</c>.</value>
    public bool FailOnLeaks { get; set; } = true;

    /// <summary>
    /// How long every frame takes on the network, client links included (faults add to it between silos). Calls thus
    /// take virtual time, so a test that polls in a loop still sees time pass.
    /// </summary>
    /// <value>1 millisecond.</value>
    public TimeSpan NetworkLatency { get; set; } = TimeSpan.FromMilliseconds(1);
}
