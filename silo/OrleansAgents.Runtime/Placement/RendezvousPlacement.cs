namespace OrleansAgents.Runtime;

/// <summary>
/// Places a grain on the live silo with the highest combined hash of grain and silo (rendezvous hashing).
/// Every participant with the same view computes the same owner, and when a silo leaves only the grains it
/// owned move.
/// </summary>
internal static class RendezvousPlacement
{
    public static SiloAddress? GetOwner(ulong grainHash, ClusterView view)
    {
        var silos = view.ActiveSilos;
        if (silos.Length == 1)
        {
            return silos[0];
        }

        SiloAddress? owner = null;
        var best = 0UL;
        var hashes = view.SiloHashes;
        for (var i = 0; i < silos.Length; i++)
        {
            var score = StableHash.Mix(grainHash ^ hashes[i]);
            if (owner is null || score > best)
            {
                best = score;
                owner = silos[i];
            }
        }

        return owner;
    }
}
