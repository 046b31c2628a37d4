using System.Text;

namespace OrleansAgents.Runtime;

/// <summary>
/// A hash that is the same in every process and on every run (unlike <see cref="string.GetHashCode()"/>),
/// so that every silo and client computes the same placement.
/// </summary>
internal static class StableHash
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    public static ulong Of(GrainId grainId) => Mix(Of(grainId.Key.Value, Of(grainId.Type, FnvOffset) ^ '/'));

    public static ulong Of(string text) => Mix(Of(text, FnvOffset));

    /// <summary>Combines two hashes into a well-distributed third (the SplitMix64 finalizer).</summary>
    public static ulong Mix(ulong value)
    {
        value ^= value >> 30;
        value *= 0xbf58476d1ce4e5b9UL;
        value ^= value >> 27;
        value *= 0x94d049bb133111ebUL;
        value ^= value >> 31;
        return value;
    }

    private static ulong Of(string text, ulong hash)
    {
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(text) <= buffer.Length
            ? buffer[..Encoding.UTF8.GetBytes(text, buffer)]
            : Encoding.UTF8.GetBytes(text);
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * FnvPrime;
        }

        return hash;
    }
}
