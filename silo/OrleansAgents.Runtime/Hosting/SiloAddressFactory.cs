namespace OrleansAgents.Runtime;

/// <summary>Gives each silo start a generation larger than any before it, so a restarted silo is a new member.</summary>
internal static class SiloAddressFactory
{
    private static long _lastGeneration;

    public static SiloAddress Create(string endpoint)
    {
        while (true)
        {
            var last = Volatile.Read(ref _lastGeneration);
            var next = Math.Max(last + 1, TimeProvider.System.GetUtcNow().UtcTicks);
            if (Interlocked.CompareExchange(ref _lastGeneration, next, last) == last)
            {
                return new SiloAddress(endpoint, next);
            }
        }
    }
}
