namespace OrleansAgents;

/// <summary>How a grain timer fires.</summary>
/// <param name="DueTime">Time until the first tick.</param>
/// <param name="Period">Time between the end of one tick and the start of the next; <see cref="Timeout.InfiniteTimeSpan"/> for one tick.</param>
public readonly record struct GrainTimerCreationOptions(TimeSpan DueTime, TimeSpan Period)
{
    /// <summary>Whether ticks may interleave with requests.</summary>
    /// <value><c>false</c>: a tick is a turn like a request.</value>
    public bool Interleave { get; init; }

    /// <summary>Whether ticks count as activity that keeps the activation from idle collection.</summary>
    /// <value><c>false</c>.</value>
    public bool KeepAlive { get; init; }
}
