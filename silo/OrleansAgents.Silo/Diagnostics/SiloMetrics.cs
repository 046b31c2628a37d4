using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace OrleansAgents.SiloHost.Diagnostics;

/// <summary>
/// Listens to every instrument of the runtime's <c>OrleansAgents</c> meter and keeps running totals (counters)
/// or last values (everything else), so the host can print them without an exporter.
/// </summary>
internal sealed class SiloMetrics : IDisposable
{
    /// <summary>The name of the runtime's meter and activity source.</summary>
    public const string MeterName = "OrleansAgents";

    private readonly ConcurrentDictionary<string, double> _values = new(StringComparer.Ordinal);
    private readonly MeterListener _listener = new();

    public SiloMetrics()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MeterName)
            {
                _values.TryAdd(instrument.Name, 0);
                listener.EnableMeasurementEvents(instrument, IsSum(instrument));
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, state) => Record(instrument, value, state));
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, state) => Record(instrument, value, state));
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, state) => Record(instrument, value, state));
        _listener.Start();
    }

    /// <summary>The current value of every instrument seen so far, by instrument name.</summary>
    public IReadOnlyDictionary<string, double> Snapshot()
    {
        _listener.RecordObservableInstruments();
        return new SortedDictionary<string, double>(_values, StringComparer.Ordinal);
    }

    /// <summary>One line: <c>name=value</c> pairs sorted by name.</summary>
    public string FormatLine()
    {
        var snapshot = Snapshot();
        return snapshot.Count == 0
            ? "(no OrleansAgents instruments published yet)"
            : string.Join(' ', snapshot.Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Key}={pair.Value}")));
    }

    public void Dispose() => _listener.Dispose();

    private static bool IsSum(Instrument instrument) =>
        instrument.GetType().IsGenericType &&
        instrument.GetType().GetGenericTypeDefinition() is var definition &&
        (definition == typeof(Counter<>) || definition == typeof(UpDownCounter<>));

    private void Record(Instrument instrument, double value, object? isSum)
    {
        if (isSum is true)
        {
            _values.AddOrUpdate(instrument.Name, value, (_, total) => total + value);
        }
        else
        {
            _values[instrument.Name] = value;
        }
    }
}
