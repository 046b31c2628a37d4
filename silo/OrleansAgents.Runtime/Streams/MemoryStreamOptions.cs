namespace OrleansAgents.Hosting;

/// <summary>What a publisher meets when a subscriber's buffer is full.</summary>
public enum StreamBufferFullMode
{
    /// <summary>The publish waits until the slow subscriber has room (back-pressure). The default.</summary>
    Wait = 0,

    /// <summary>The publish fails at once with <see cref="Streams.StreamBufferFullException"/> and nothing is queued.</summary>
    Fail = 1,
}

/// <summary>Options of an in-memory stream provider (<c>silo.AddMemoryStreams(name, ...)</c>).</summary>
public sealed class MemoryStreamOptions
{
    /// <summary>Events queued per subscriber (and per client inbox) before the buffer is full.</summary>
    /// <value>1024.</value>
    public int BufferCapacity { get; set; } = 1024;

    /// <summary>What a publish does when a subscriber's buffer is full.</summary>
    /// <value><see cref="StreamBufferFullMode.Wait"/>.</value>
    public StreamBufferFullMode BufferFullMode { get; set; } = StreamBufferFullMode.Wait;

    /// <summary>The most events handed to one subscriber in one delivery call.</summary>
    /// <value>64.</value>
    public int MaxBatchSize { get; set; } = 64;

    /// <summary>
    /// Events each stream keeps for subscriptions that start from an earlier sequence token (rewind). 0 makes the
    /// provider non-rewindable. The window lives in the stream's activation: it starts empty after a deactivation.
    /// </summary>
    /// <value>256.</value>
    public int ReplayWindowSize { get; set; } = 256;

    /// <summary>
    /// Delivery attempts to a subscriber that fails (its silo is unavailable, the call timed out, its activation failed) before
    /// the batch is given up (logged as an error, event 7003); the pauses between them double from 50 ms up to 1 s.
    /// </summary>
    /// <value>10.</value>
    public int MaxDeliveryAttempts { get; set; } = 10;

    /// <summary>How long a deactivating stream keeps delivering what it has queued before it stops.</summary>
    /// <value>1 second.</value>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A client subscription not polled for this long is dropped (its client is presumed gone).</summary>
    /// <value>1 minute.</value>
    public TimeSpan ClientLeaseTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long one client poll waits for events before it returns empty and polls again.</summary>
    /// <value>10 seconds.</value>
    public TimeSpan ClientPollWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Namespaces that allow pattern subscriptions; their streams register with the pattern registry when activated.</summary>
    /// <value><c>topics</c>.</value>
    public ISet<string> PatternNamespaces { get; } = new HashSet<string>(StringComparer.Ordinal) { Streams.Topics.TopicPattern.Namespace };
}
