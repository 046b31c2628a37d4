namespace OrleansAgents.TestingHost;

/// <summary>
/// Awaits a condition with a deadline instead of sleeping for a guessed time: polls every few milliseconds (in real
/// time, or in virtual time inside a simulation) and fails with a message that says what was expected.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>Reads until <paramref name="predicate"/> holds and returns the value that satisfied it.</summary>
    /// <exception cref="TimeoutException">The predicate did not hold within <paramref name="timeout"/> (default 10 s).</exception>
    public static async Task<T> MatchAsync<T>(Func<Task<T>> read, Func<T, bool> predicate, string expectation, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(predicate);
        var limit = timeout ?? DefaultTimeout;

        // Inside a simulation the poll interval and the deadline are virtual time, so polling is deterministic.
        var clock = (TimeProvider?)SimulationScheduler.Current?.Clock ?? TimeProvider.System;
        var started = clock.GetTimestamp();
        while (true)
        {
            // No ConfigureAwait(false): inside a simulation the read may complete on the test's context, and a continuation
            // that does not come back to it would escape to the thread pool.
            var value = await read().ConfigureAwait(true);
            if (predicate(value))
            {
                return value;
            }

            if (clock.GetElapsedTime(started) > limit)
            {
                throw new TimeoutException($"Expected within {limit}: {expectation}. Last value: {value}");
            }

            await Task.Delay(PollInterval, clock).ConfigureAwait(true);
        }
    }

    /// <summary>Waits until the asynchronous <paramref name="condition"/> holds.</summary>
    public static Task TrueAsync(Func<Task<bool>> condition, string expectation, TimeSpan? timeout = null) =>
        MatchAsync(condition, held => held, expectation, timeout);

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    public static Task TrueAsync(Func<bool> condition, string expectation, TimeSpan? timeout = null) =>
        MatchAsync(() => Task.FromResult(condition()), held => held, expectation, timeout);
}
