namespace OrleansAgents;

/// <summary>
/// The identity of a grain: its grain type name and its key. Two references with the same id address the
/// same grain anywhere in the cluster.
/// </summary>
/// <param name="Type">The grain type name (see <see cref="GrainTypeAttribute"/>).</param>
/// <param name="Key">The grain key.</param>
public readonly record struct GrainId(string Type, GrainKey Key)
{
    /// <summary>Parses the <c>type/key</c> form produced by <see cref="ToString"/>.</summary>
    public static GrainId Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var separator = value.IndexOf('/');
        if (separator <= 0)
        {
            throw new FormatException($"'{value}' is not a grain id of the form type/key.");
        }

        return new GrainId(value[..separator], new GrainKey(value[(separator + 1)..]));
    }

    /// <inheritdoc />
    public override string ToString() => string.Concat(Type, "/", Key.Value);
}
