using System.Globalization;

namespace OrleansAgents.Testing;

/// <summary>
/// The seed of a chaos run. It fixes every fault decision (which storage operation fails, times out or is slowed and by
/// how much; which grain call fails, loses its response or is delayed; when which silo is killed, stopped or
/// restarted) and the virtual time at which those happen. It does not fix the interleaving: Orleans runs grains on the
/// .NET thread pool, so which of two concurrent calls runs first, and so what a fault hits in a race, may differ
/// between two runs of one seed. A failure reproduces by its seed often, not always.
/// </summary>
/// <remarks>
/// A fault decision is a pure function of the seed, a scope naming the kind of decision and an index (for storage and
/// calls: the operation's kind, provider or interface, grain and how many such operations that grain made before), not
/// of a shared random sequence, so that the order in which threads ask does not shift every later decision.
/// </remarks>
public sealed class ChaosSeed
{
    /// <summary>The environment variable that replays one seed (<c>OA_CHAOS_SEED=1234</c>).</summary>
    public const string SeedVariable = "OA_CHAOS_SEED";

    /// <summary>The environment variable that sets how many seeds a sweep runs (<c>OA_CHAOS_SEEDS=500</c>).</summary>
    public const string SeedCountVariable = "OA_CHAOS_SEEDS";

    /// <summary>
    /// The environment variable that sets a sweep's first seed (<c>OA_CHAOS_FIRST_SEED=501</c>, default 1): a long sweep
    /// runs in slices, one process each.
    /// </summary>
    public const string FirstSeedVariable = "OA_CHAOS_FIRST_SEED";

    /// <summary>Creates the seed <paramref name="value"/>.</summary>
    public ChaosSeed(int value) => Value = value;

    /// <summary>The seed.</summary>
    public int Value { get; }

    /// <summary>
    /// The seeds a sweep runs: the one in <see cref="SeedVariable"/> when it is set; otherwise as many as
    /// <see cref="SeedCountVariable"/> says (else <paramref name="defaultCount"/>), counting up from
    /// <see cref="FirstSeedVariable"/> (else 1).
    /// </summary>
    /// <exception cref="InvalidOperationException">A variable is set but is not a number (a positive one, for the count).</exception>
    public static IReadOnlyList<int> SweepSeeds(int defaultCount) => SweepSeeds(defaultCount, Environment.GetEnvironmentVariable);

    /// <inheritdoc cref="SweepSeeds(int)"/>
    internal static IReadOnlyList<int> SweepSeeds(int defaultCount, Func<string, string?> variable)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(defaultCount, 1);
        if (variable(SeedVariable) is { Length: > 0 } one)
        {
            return int.TryParse(one, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
                ? [seed]
                : throw new InvalidOperationException($"{SeedVariable}='{one}' is not a number.");
        }

        var count = defaultCount;
        if (variable(SeedCountVariable) is { Length: > 0 } many
            && (!int.TryParse(many, NumberStyles.Integer, CultureInfo.InvariantCulture, out count) || count < 1))
        {
            throw new InvalidOperationException($"{SeedCountVariable}='{many}' is not a positive number.");
        }

        var first = 1;
        if (variable(FirstSeedVariable) is { Length: > 0 } from
            && (!int.TryParse(from, NumberStyles.Integer, CultureInfo.InvariantCulture, out first) || first > int.MaxValue - count + 1))
        {
            throw new InvalidOperationException($"{FirstSeedVariable}='{from}' is not a number (with {count} seeds after it).");
        }

        return [.. Enumerable.Range(first, count)];
    }

    /// <summary>A number in [0, 1) fixed by this seed, <paramref name="scope"/> and <paramref name="index"/>.</summary>
    public double Draw(string scope, long index)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var bits = Mix(Mix((ulong)(uint)Value ^ Hash(scope)) ^ (ulong)index);
        return (bits >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>A <see cref="Random"/> of its own for <paramref name="scope"/>, fixed by this seed.</summary>
    public Random CreateRandom(string scope) => new((int)(Mix((ulong)(uint)Value ^ Hash(scope)) & int.MaxValue));

    /// <summary>The command that re-runs this seed: <c>OA_CHAOS_SEED=n dotnet test {project} --filter "{filter}"</c>.</summary>
    public string RerunCommand(string testProject, string filter) =>
        string.Create(CultureInfo.InvariantCulture, $"{SeedVariable}={Value} dotnet test {testProject} --filter \"{filter}\"");

    /// <inheritdoc />
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);

    /// <summary>FNV-1a over the string's UTF-16 code units: stable across processes, unlike <see cref="string.GetHashCode()"/>.</summary>
    private static ulong Hash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>SplitMix64's finalizer.</summary>
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
