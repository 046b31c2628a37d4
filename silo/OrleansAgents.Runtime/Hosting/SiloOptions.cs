namespace OrleansAgents.Hosting;

/// <summary>The silo's identity.</summary>
public sealed class SiloOptions
{
    /// <summary>The silo's name, used in logs and as its in-memory endpoint.</summary>
    /// <value><c>silo</c>.</value>
    public string SiloName { get; set; } = "silo";

    /// <summary>The cluster the silo joins. Silos with different ids never see each other.</summary>
    /// <value><c>default</c>.</value>
    public string ClusterId { get; set; } = "default";
}
