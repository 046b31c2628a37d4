using System.Globalization;
using System.Text;

namespace OrleansAgents.TestingHost;

/// <summary>
/// The record of a simulation's steps: a running FNV-1a hash over every step (kind, who, what, virtual time) and the
/// last few steps in words, for a failure report. The same seed gives the same hash; a different order of any two
/// steps gives a different one.
/// </summary>
public sealed class SimulationTrace
{
    private const ulong Offset = 14695981039346656037;
    private const ulong Prime = 1099511628211;
    private const int Kept = 64;
    private readonly Queue<(string Kind, string Who, string? What, long Ticks)> _recent = new();
    private ulong _hash = Offset;

    /// <summary>The hash of every step so far.</summary>
    public ulong Hash => _hash;

    /// <summary>How many steps ran.</summary>
    public long Steps { get; private set; }

    /// <summary>The last steps, oldest first, as <c>[virtual time] kind who what</c>.</summary>
    public IReadOnlyList<string> RecentSteps =>
        [.. _recent.Select(r => string.Create(CultureInfo.InvariantCulture, $"[{TimeSpan.FromTicks(r.Ticks)}] {r.Kind} {r.Who} {r.What}"))];

    internal void Record(string kind, string who, string? what, long virtualTicks)
    {
        Steps++;
        Mix(kind);
        Mix(who);
        Mix(what ?? string.Empty);
        MixLong(virtualTicks);
        if (_recent.Count == Kept)
        {
            _recent.Dequeue();
        }

        _recent.Enqueue((kind, who, what, virtualTicks));
    }

    /// <summary>Mixes a value the test chooses (an observation) into the hash.</summary>
    public void Observe(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Mix(value);
    }

    /// <summary>The hash as 16 hex digits.</summary>
    public override string ToString() => _hash.ToString("x16", CultureInfo.InvariantCulture);

    internal string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Steps} steps, trace hash {this}. Last steps:");
        foreach (var step in RecentSteps)
        {
            text.AppendLine().Append("  ").Append(step);
        }

        return text.ToString();
    }

    private void Mix(string value)
    {
        foreach (var c in value)
        {
            _hash = (_hash ^ c) * Prime;
        }

        _hash = (_hash ^ 0xff) * Prime;
    }

    private void MixLong(long value)
    {
        for (var i = 0; i < 8; i++)
        {
            _hash = (_hash ^ (byte)(value >> (8 * i))) * Prime;
        }
    }
}
