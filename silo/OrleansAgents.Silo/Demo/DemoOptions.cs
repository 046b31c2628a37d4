namespace OrleansAgents.SiloHost.Demo;

/// <summary>The demo workload run by <c>--demo</c>. Bound from <c>OrleansAgents:Demo</c>.</summary>
internal sealed class DemoOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "OrleansAgents:Demo";

    /// <summary>Whether the silo runs the demo's agent tasks and exits when they have ended.</summary>
    /// <value><c>false</c>: the silo just serves. The <c>--demo</c> switch sets it.</value>
    public bool Enabled { get; set; }

    /// <summary>How long the demo (its submits included) waits for every task to end before it gives up and exits with code 1.</summary>
    /// <value>30 seconds.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
