namespace OrleansAgents.Agents;

/// <summary>Waiting for an agent task longer than one call may wait.</summary>
public static class AgentTaskWaiting
{
    /// <summary>The longest one <see cref="IAgentTaskGrain.WaitAsync"/> call waits; its response timeout leaves 30 s beyond it.</summary>
    public static readonly TimeSpan MaxWaitPerCall = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Waits until <paramref name="task"/> is terminal or <paramref name="timeout"/> (<see cref="Timeout.InfiniteTimeSpan"/>
    /// for no limit) has been waited, in calls of at most <see cref="MaxWaitPerCall"/>; a call that timed out (its
    /// response was lost) is made again, since waiting changes nothing. Returns the task as it is at the end.
    /// </summary>
    public static async Task<AgentTaskSnapshot> WaitForTerminalAsync(this IAgentTaskGrain task, AgentCaller caller, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must be positive, zero, or Timeout.InfiniteTimeSpan.");
        }

        var remaining = timeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var slice = remaining == Timeout.InfiniteTimeSpan || remaining > MaxWaitPerCall ? MaxWaitPerCall : remaining;
            AgentTaskSnapshot current;
            try
            {
                current = await task.WaitAsync(caller, slice).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException) when (remaining == Timeout.InfiniteTimeSpan || remaining > slice)
            {
                remaining = remaining == Timeout.InfiniteTimeSpan ? remaining : remaining - slice;
                continue;
            }

            if (current.Status.IsTerminal() || (remaining != Timeout.InfiniteTimeSpan && remaining <= slice))
            {
                return current;
            }

            if (remaining != Timeout.InfiniteTimeSpan)
            {
                remaining -= slice;
            }
        }
    }
}
