namespace OrleansAgents.SiloHost.Demo;

/// <summary>The demo workload run by <c>--demo</c>. Bound from <c>OrleansAgents:Demo</c>.</summary>
internal sealed class DemoOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "OrleansAgents:Demo";

    /// <summary>Whether the silo runs the demo jobs and exits when they finish.</summary>
    /// <value><c>false</c>: the silo just serves. The <c>--demo</c> switch sets it.</value>
    public bool Enabled { get; set; }

    /// <summary>How long each step of a demo job takes; a job also waits this long in <c>Pending</c>.</summary>
    /// <value>250 milliseconds.</value>
    public TimeSpan StepDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often the demo asks each job for its status.</summary>
    /// <value>50 milliseconds.</value>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long the demo waits for every job to finish before it gives up and exits with code 1.</summary>
    /// <value>30 seconds.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
