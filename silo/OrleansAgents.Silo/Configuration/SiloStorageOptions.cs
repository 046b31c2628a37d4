namespace OrleansAgents.SiloHost.Configuration;

/// <summary>
/// Which provider family keeps the silo's grain state, reminders, stream subscriptions and cluster membership.
/// Bound from <c>OrleansAgents:Storage</c>.
/// </summary>
internal sealed class SiloStorageOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "OrleansAgents:Storage";

    /// <summary>The in-memory providers and localhost clustering: nothing survives the process; no external service is needed.</summary>
    public const string Memory = "Memory";

    /// <summary>The provider family: <c>Memory</c> (case-insensitive), the only one supported so far.</summary>
    /// <value><c>Memory</c>.</value>
    public string Provider { get; set; } = Memory;

    /// <summary>Whether <see cref="Provider"/> selects the in-memory providers.</summary>
    public bool IsMemory => string.Equals(Provider, Memory, StringComparison.OrdinalIgnoreCase);
}
