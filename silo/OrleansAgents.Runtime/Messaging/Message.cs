namespace OrleansAgents.Runtime;

/// <summary>
/// One request in flight. For a call inside one silo it is the whole message (arguments by reference); for a
/// call that crosses the transport it is rebuilt from a <see cref="WireMessage"/> on the receiving side.
/// </summary>
internal sealed class Message
{
    public long Id { get; init; }

    public MessageKind Kind { get; init; }

    public GrainId Target { get; init; }

    public ulong TargetHash { get; init; }

    public required GrainInterfaceDescriptor Interface { get; init; }

    public required GrainMethodDescriptor Method { get; init; }

    public required object?[] Arguments { get; init; }

    /// <summary>Where the response goes; <c>null</c> when the caller is in this runtime (see <see cref="Sink"/>).</summary>
    public SiloAddress? Sender { get; init; }

    /// <summary>The local caller's completion; <c>null</c> for requests that came over the transport.</summary>
    public IResponseSink? Sink { get; init; }

    /// <summary>The silo the request was last sent to over the transport, if any.</summary>
    public SiloAddress? TargetSilo { get; set; }

    /// <summary>Deadline in <see cref="TimeProvider.GetTimestamp"/> units.</summary>
    public long Deadline { get; init; }

    public TimeSpan Timeout { get; init; }

    public int ForwardCount { get; set; }

    public int SendAttempts { get; set; }

    /// <summary>When the silo this request was sent to left the view; <c>0</c> while it is a member.</summary>
    public long TargetLeftAt { get; set; }

    public CancellationToken CancellationToken { get; init; }

    public CancellationTokenRegistration CancellationRegistration { get; set; }

    /// <summary>For requests from another process with a token parameter: cancelled by a Cancel message.</summary>
    public CancellationTokenSource? InboundCancellation { get; init; }

    public bool IsInterleavable(bool reentrantGrain) => reentrantGrain || Method.AlwaysInterleave;

    public override string ToString() => $"#{Id} {Method.DisplayName} -> {Target}";
}
