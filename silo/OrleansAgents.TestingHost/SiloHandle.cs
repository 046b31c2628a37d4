using Microsoft.Extensions.Hosting;
using OrleansAgents.Runtime;

namespace OrleansAgents.TestingHost;

/// <summary>One silo of a test cluster.</summary>
public sealed class SiloHandle
{
    internal SiloHandle(string name, IHost host, Silo silo)
    {
        Name = name;
        Host = host;
        Silo = silo;
    }

    /// <summary>The silo's name.</summary>
    public string Name { get; }

    /// <summary>The silo's address; a restarted silo has a new one.</summary>
    public SiloAddress Address => Silo.Address;

    /// <summary>Whether the silo is running.</summary>
    public bool IsActive => Silo.IsRunning;

    /// <summary>The silo's services.</summary>
    public IServiceProvider Services => Host.Services;

    /// <summary>A grain factory whose calls start from this silo.</summary>
    public IGrainFactory GrainFactory => Silo.Messenger.GrainFactory;

    /// <summary>How many activations the silo holds.</summary>
    public int ActivationCount => Silo.ActivationCount;

    internal IHost Host { get; }

    internal Silo Silo { get; }

    /// <summary>The silo's activations.</summary>
    internal Catalog Catalog => field ??= (Catalog)Host.Services.GetService(typeof(Catalog))!;

    /// <summary>Whether this silo currently holds an activation of <paramref name="grainId"/>.</summary>
    public bool HostsActivation(GrainId grainId) =>
        Host.Services.GetService(typeof(Catalog)) is Catalog catalog && catalog.TryGetActivation(grainId, out _);

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Address})";
}
