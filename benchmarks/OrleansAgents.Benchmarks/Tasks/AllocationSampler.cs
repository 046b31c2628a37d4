using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace OrleansAgents.Benchmarks.Tasks;

/// <summary>
/// Samples allocations by type, in this process, from the runtime's <c>GCAllocationTick</c> events: one event per
/// about 100 KB allocated, naming the type of the object that crossed the mark. Over many megabytes the bytes
/// attributed to each type approach what that type really allocated.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const string RuntimeProvider = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytesByType = new(StringComparer.Ordinal);
    private volatile bool _recording;

    /// <summary>Bytes attributed to each type name since <see cref="Start"/>.</summary>
    public IReadOnlyDictionary<string, long> BytesByType => _bytesByType;

    public void Start()
    {
        _bytesByType.Clear();
        _recording = true;
    }

    public void Stop() => _recording = false;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeProvider)
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_recording || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.Payload is null)
        {
            return;
        }

        var names = eventData.PayloadNames!;
        var type = names.IndexOf("TypeName") is var t and >= 0 ? eventData.Payload[t] as string : null;
        var amountIndex = names.IndexOf("AllocationAmount64");
        var amount = amountIndex >= 0 ? Convert.ToInt64(eventData.Payload[amountIndex], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        _bytesByType.AddOrUpdate(string.IsNullOrEmpty(type) ? "(unknown)" : type, static (_, a) => a, static (_, total, a) => total + a, amount);
    }
}
