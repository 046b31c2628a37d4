namespace OrleansAgents.SiloHost.Configuration;

/// <summary>The silo's identity and endpoints. Bound from <c>OrleansAgents:Silo</c>.</summary>
internal sealed class SiloHostOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "OrleansAgents:Silo";

    /// <summary>The silo's name in logs and the membership table.</summary>
    /// <value><c>null</c>: Orleans makes one up.</value>
    public string? SiloName { get; set; }

    /// <summary>The cluster this silo joins; silos and clients of one cluster share it.</summary>
    /// <value><c>default</c>.</value>
    public string ClusterId { get; set; } = "default";

    /// <summary>The service: stays the same across deployments (cluster ids), keys durable state such as reminders.</summary>
    /// <value><c>orleansagents</c>.</value>
    public string ServiceId { get; set; } = "orleansagents";

    /// <summary>The port silos talk to each other on.</summary>
    /// <value>11111.</value>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port clients connect to (the gateway).</summary>
    /// <value>30000.</value>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The IP address the silo advertises to the cluster and clients.</summary>
    /// <value><c>null</c>: the loopback address, 127.0.0.1.</value>
    public string? AdvertisedAddress { get; set; }
}
