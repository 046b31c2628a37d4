using System.Globalization;

namespace OrleansAgents.Benchmarks.Startup;

/// <summary>Durations in milliseconds, with the summary statistics the start-up report prints.</summary>
internal sealed class Samples
{
    private readonly List<double> _values = [];

    public void Add(TimeSpan duration) => _values.Add(duration.TotalMilliseconds);

    public double Mean => _values.Average();

    public double Min => _values.Min();

    public double Max => _values.Max();

    /// <summary>The nearest-rank percentile: the smallest sample with at least <paramref name="p"/>% of the samples at or below it.</summary>
    public double Percentile(double p)
    {
        var sorted = _values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public string[] Cells() =>
        [Format(Mean), Format(Percentile(50)), Format(Percentile(95)), Format(Min), Format(Max)];

    private static string Format(double milliseconds) => milliseconds.ToString("F2", CultureInfo.InvariantCulture);
}
