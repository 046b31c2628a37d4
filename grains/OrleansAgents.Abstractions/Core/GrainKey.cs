using System.Globalization;

namespace OrleansAgents;

/// <summary>
/// The key part of a <see cref="GrainId"/>, held in one canonical string form: a string key as given,
/// a <see cref="Guid"/> as 32 lower-case hex digits, an integer in invariant decimal, and a compound key as
/// <c>base+extension</c>.
/// </summary>
public readonly record struct GrainKey
{
    private const char ExtensionSeparator = '+';

    /// <summary>Creates a key from its canonical string form.</summary>
    public GrainKey(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Value = value;
    }

    /// <summary>The canonical string form of the key.</summary>
    public string Value { get; }

    /// <summary>Creates a key from a <see cref="Guid"/>.</summary>
    public static GrainKey FromGuid(Guid key) => new(key.ToString("N"));

    /// <summary>Creates a key from a 64-bit integer.</summary>
    public static GrainKey FromLong(long key) => new(key.ToString(CultureInfo.InvariantCulture));

    /// <summary>Creates a compound key from a <see cref="Guid"/> and an extension.</summary>
    public static GrainKey FromGuid(Guid key, string extension) => Compound(key.ToString("N"), extension);

    /// <summary>Creates a compound key from a 64-bit integer and an extension.</summary>
    public static GrainKey FromLong(long key, string extension) =>
        Compound(key.ToString(CultureInfo.InvariantCulture), extension);

    /// <summary>Returns the key as a string.</summary>
    public string AsString() => Value;

    /// <summary>Returns the key as a <see cref="Guid"/>; throws when the key is not a Guid key.</summary>
    public Guid AsGuid() => ParseGuid(BasePart(out _));

    /// <summary>Returns the base of a compound Guid key and its extension.</summary>
    public Guid AsGuid(out string? extension) => ParseGuid(BasePart(out extension));

    /// <summary>Returns the key as a 64-bit integer; throws when the key is not an integer key.</summary>
    public long AsLong() => ParseLong(BasePart(out _));

    /// <summary>Returns the base of a compound integer key and its extension.</summary>
    public long AsLong(out string? extension) => ParseLong(BasePart(out extension));

    /// <inheritdoc />
    public override string ToString() => Value;

    private static GrainKey Compound(string basePart, string extension)
    {
        ArgumentNullException.ThrowIfNull(extension);
        return new GrainKey(string.Concat(basePart, ExtensionSeparator.ToString(), extension));
    }

    private string BasePart(out string? extension)
    {
        var value = Value ?? string.Empty;
        var separator = value.IndexOf(ExtensionSeparator);
        if (separator < 0)
        {
            extension = null;
            return value;
        }

        extension = value[(separator + 1)..];
        return value[..separator];
    }

    private Guid ParseGuid(string text) => Guid.TryParseExact(text, "N", out var guid)
        ? guid
        : throw new FormatException($"Grain key '{Value}' is not a Guid key.");

    private long ParseLong(string text) => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
        ? number
        : throw new FormatException($"Grain key '{Value}' is not an integer key.");
}
