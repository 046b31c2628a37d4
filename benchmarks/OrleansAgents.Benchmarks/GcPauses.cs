using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace OrleansAgents.Benchmarks;

/// <summary>One stop of the process for a garbage collection: when it began (UTC ticks), how long it lasted, and the generation collected.</summary>
internal readonly record struct GcPause(long StartTicks, long EndTicks, int Generation, long PromotedBytes)
{
    public double Milliseconds => TimeSpan.FromTicks(EndTicks - StartTicks).TotalMilliseconds;

    public bool Overlaps(long fromTicks, long toTicks) => StartTicks < toTicks && EndTicks > fromTicks;
}

/// <summary>
/// Records this process's garbage-collection pauses as they happen (the runtime's own GC events: suspension begins,
/// execution restarts), so that a latency figure can say which of its slow events waited for a collection, and in
/// which process.
/// </summary>
internal sealed class GcPauses : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentQueue<GcPause> _pauses = new();
    private long _suspendedAt;
    private int _generation = -1;
    private long _promoted;

    public IReadOnlyList<GcPause> Since(long ticks) => [.. _pauses.Where(p => p.EndTicks > ticks)];

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Informational, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        switch (eventData.EventName)
        {
            case { } name when name.StartsWith("GCSuspendEEBegin", StringComparison.Ordinal):
                _suspendedAt = eventData.TimeStamp.ToUniversalTime().Ticks;
                _generation = -1;
                _promoted = 0;
                break;
            case { } name when name.StartsWith("GCHeapStats", StringComparison.Ordinal) && eventData.Payload is { Count: > 3 } stats:
                // What the collection kept of generations 0 and 1 (copied or promoted in place).
                _promoted = Convert.ToInt64(stats[1], System.Globalization.CultureInfo.InvariantCulture) + Convert.ToInt64(stats[3], System.Globalization.CultureInfo.InvariantCulture);
                break;
            case { } name when name.StartsWith("GCStart", StringComparison.Ordinal) && eventData.Payload is { Count: > 1 } payload:
                // A background (gen2) collection starts without stopping the process for its whole length: its pauses
                // are the short suspensions around it, each recorded on its own.
                _generation = Math.Max(_generation, Convert.ToInt32(payload[1], System.Globalization.CultureInfo.InvariantCulture));
                break;
            case { } name when name.StartsWith("GCRestartEEEnd", StringComparison.Ordinal) && _suspendedAt != 0:
                _pauses.Enqueue(new GcPause(_suspendedAt, eventData.TimeStamp.ToUniversalTime().Ticks, _generation, _promoted));
                _suspendedAt = 0;
                break;
        }
    }
}
