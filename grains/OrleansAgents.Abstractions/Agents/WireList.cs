namespace OrleansAgents.Agents;

/// <summary>
/// Lists in wire contracts are kept as arrays: a collection expression assigned to an <see cref="IReadOnlyList{T}"/>
/// makes a compiler-generated type that has no Orleans codec, so every list property normalizes what it is given.
/// </summary>
internal static class WireList
{
    public static IReadOnlyList<T> Of<T>(IReadOnlyList<T>? value) => value switch
    {
        null => Array.Empty<T>(),
        T[] array => array,
        _ => value.ToArray(),
    };
}
