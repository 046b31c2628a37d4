namespace OrleansAgents.Hosting;

/// <summary>
/// Options of the HTTP API (configuration section <c>OrleansAgents:Http</c>): who may call it (API keys), how big a
/// request body may be, how many requests a user may make, and how often a Server-Sent Events stream sends a keep-alive.
/// </summary>
public sealed class AgentHttpOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "OrleansAgents:Http";

    /// <summary>
    /// The URLs the silo's (or the gateway's) web host listens on, separated by <c>;</c> (e.g.
    /// <c>http://127.0.0.1:8080</c>). Read by the hosts; the API itself does not need it.
    /// </summary>
    /// <value>None: a silo serves no HTTP unless this (or <c>--http URL</c>) is set.</value>
    public string? Urls { get; set; }

    /// <summary>The API keys, each mapped to a user. Only the SHA-256 of a key is configured, never the key.</summary>
    /// <value>None: every request is refused with 401 until keys are configured.</value>
    public IList<AgentHttpApiKey> ApiKeys { get; set; } = [];

    /// <summary>The largest request body accepted; a larger one is refused with 413 before it is read.</summary>
    /// <value>1 MiB.</value>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How many requests a user may make in a burst (the token bucket's size); beyond it, 429 with <c>Retry-After</c>.</summary>
    /// <value>200.</value>
    public int RateLimitBurst { get; set; } = 200;

    /// <summary>How many requests per second a user may make on average (the bucket's refill per second).</summary>
    /// <value>100.</value>
    public int RateLimitPerSecond { get; set; } = 100;

    /// <summary>How long a Server-Sent Events stream may be quiet before it sends a <c>: keep-alive</c> comment.</summary>
    /// <value>15 seconds.</value>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The most tasks one page of <c>GET /tasks</c> returns (<c>limit</c> is capped to it).</summary>
    /// <value>200.</value>
    public int MaxPageSize { get; set; } = 200;

    /// <summary>
    /// Whether Kestrel's socket transport runs its continuations inline instead of queuing them to the thread pool
    /// (<c>SocketTransportOptions.UnsafePreferInlineScheduling</c>). With it, an event written to a Server-Sent Events
    /// stream is sent by the thread that wrote it; without it, the send waits in the thread pool's queue behind whatever
    /// else is queued, and when a thousand tasks report progress at once that is the whole burst's work (measured, 1,000
    /// SSE watchers: p99 from a persisted event to its watcher 4 – 17 ms with it, 25 – 50 ms without; see
    /// benchmarks/README.md). The cost: HTTP submit throughput about 20% lower in the same runs (request processing
    /// continues on the thread that completed the socket's read, without Kestrel's per-queue batching; measured with a
    /// throughput harness since found to flatter the HTTP ratio, so only roughly), and an endpoint added to this host that
    /// blocks holds the thread its connection's I/O completes on.
    /// </summary>
    /// <value><c>true</c>.</value>
    public bool InlineSocketScheduling { get; set; } = DefaultInlineSocketScheduling;

    /// <summary>The default of <see cref="InlineSocketScheduling"/>, also where the transport reads the section without binding it.</summary>
    internal const bool DefaultInlineSocketScheduling = true;
}
