using System.Globalization;

namespace OrleansAgents.Runtime;

/// <summary>
/// Where a silo (or client) receives messages, plus the generation that tells a restarted silo on the same
/// endpoint from its predecessor.
/// </summary>
/// <param name="Endpoint">The transport endpoint: <c>host:port</c> for TCP, a name for the in-memory transport.</param>
/// <param name="Generation">A number that grows with every start of a silo on the same endpoint.</param>
public sealed record SiloAddress(string Endpoint, long Generation)
{
    /// <summary>Parses the <c>endpoint@generation</c> form produced by <see cref="ToString"/>.</summary>
    public static SiloAddress Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var at = value.LastIndexOf('@');
        if (at <= 0 || !long.TryParse(value.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var generation))
        {
            throw new FormatException($"'{value}' is not a silo address of the form endpoint@generation.");
        }

        return new SiloAddress(value[..at], generation);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Endpoint}@{Generation}");
}
