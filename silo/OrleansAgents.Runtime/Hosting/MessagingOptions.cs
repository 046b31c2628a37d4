namespace OrleansAgents.Hosting;

/// <summary>How grain calls are timed out and retried.</summary>
public sealed class MessagingOptions
{
    /// <summary>How long a call waits for its answer before it fails with <see cref="TimeoutException"/>.</summary>
    /// <value>30 seconds. A method can override it with <see cref="ResponseTimeoutAttribute"/>.</value>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often waiting calls are checked against their deadlines.</summary>
    /// <value>100 milliseconds.</value>
    public TimeSpan ResponseTimeoutCheckPeriod { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long a call sent to a silo that has left the cluster still waits for an answer already on its way,
    /// before it fails with <see cref="SiloUnavailableException"/>.
    /// </summary>
    /// <value>2 seconds.</value>
    public TimeSpan SiloLeftGracePeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many times a request refused by a silo (stopping, unreachable) is routed again.</summary>
    /// <value>10.</value>
    public int MaxSendAttempts { get; set; } = 10;

    /// <summary>How many times a silo forwards a request for a grain it does not own.</summary>
    /// <value>2.</value>
    public int MaxForwardCount { get; set; } = 2;
}
