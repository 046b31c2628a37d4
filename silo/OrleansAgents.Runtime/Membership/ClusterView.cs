namespace OrleansAgents.Runtime;

/// <summary>An immutable snapshot of the silos that are placement targets.</summary>
internal sealed class ClusterView
{
    public static readonly ClusterView Empty = new(0, []);

    public ClusterView(long version, IReadOnlyList<SiloAddress> activeSilos)
    {
        Version = version;
        ActiveSilos = [.. activeSilos.OrderBy(s => s.ToString(), StringComparer.Ordinal)];
        SiloHashes = [.. ActiveSilos.Select(s => StableHash.Of(s.ToString()))];
    }

    public long Version { get; }

    public SiloAddress[] ActiveSilos { get; }

    /// <summary>The stable hash of each silo in <see cref="ActiveSilos"/>, in the same order.</summary>
    public ulong[] SiloHashes { get; }

    public bool Contains(SiloAddress silo) => Array.IndexOf(ActiveSilos, silo) >= 0;

    public bool SameMembersAs(ClusterView other) => ActiveSilos.SequenceEqual(other.ActiveSilos);

    public override string ToString() => $"v{Version} [{string.Join(", ", ActiveSilos.Select(s => s.ToString()))}]";
}
