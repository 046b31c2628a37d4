namespace OrleansAgents.Streams;

/// <summary>
/// The identity of a stream: a namespace (the kind of stream, such as <c>topics</c> or <c>agent-tasks</c>) and a key
/// within it. Two streams with the same id are the same stream on every silo and client.
/// </summary>
public readonly record struct StreamId
{
    /// <summary>Creates a stream id.</summary>
    /// <exception cref="ArgumentException">The namespace is empty or contains '/', or the key is empty.</exception>
    public StreamId(string @namespace, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (@namespace.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Stream namespace '{@namespace}' contains '/', which separates the namespace from the key.", nameof(@namespace));
        }

        Namespace = @namespace;
        Key = key;
    }

    /// <summary>The namespace.</summary>
    public string Namespace { get; }

    /// <summary>The key within the namespace.</summary>
    public string Key { get; }

    /// <summary>Creates a stream id.</summary>
    public static StreamId Create(string @namespace, string key) => new(@namespace, key);

    /// <summary>Creates a stream id keyed by a <see cref="Guid"/> (in its 32-digit form, like a grain key).</summary>
    public static StreamId Create(string @namespace, Guid key) => new(@namespace, key.ToString("N"));

    /// <summary>Parses the <c>namespace/key</c> form produced by <see cref="ToString"/>.</summary>
    public static StreamId Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var separator = value.IndexOf('/', StringComparison.Ordinal);
        return separator <= 0 || separator == value.Length - 1
            ? throw new FormatException($"'{value}' is not a stream id of the form namespace/key.")
            : new StreamId(value[..separator], value[(separator + 1)..]);
    }

    /// <inheritdoc />
    public override string ToString() => string.Concat(Namespace, "/", Key);
}
