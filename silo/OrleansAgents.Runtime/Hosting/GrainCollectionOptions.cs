namespace OrleansAgents.Hosting;

/// <summary>When idle activations are collected, and how long deactivation may take.</summary>
public sealed class GrainCollectionOptions
{
    /// <summary>An activation that has not run a request for this long is deactivated.</summary>
    /// <value>15 minutes.</value>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often idle activations are looked for.</summary>
    /// <value>1 minute.</value>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long <c>OnDeactivateAsync</c> may run before the activation is dropped anyway.</summary>
    /// <value>10 seconds.</value>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
