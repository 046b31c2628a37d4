namespace OrleansAgents.Grains.Tests.Fixtures;

/// <summary>Awaits a condition with a deadline, failing with a message that says what was expected.</summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Reads until <paramref name="predicate"/> holds and returns the value that satisfied it.</summary>
    public static async Task<T> MatchAsync<T>(Func<Task<T>> read, Func<T, bool> predicate, string expectation, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var value = await read();
            if (predicate(value))
            {
                return value;
            }

            if (TimeProvider.System.GetElapsedTime(started) > limit)
            {
                throw new TimeoutException($"Expected within {limit}: {expectation}. Last value: {value}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10));
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    public static Task TrueAsync(Func<bool> condition, string expectation, TimeSpan? timeout = null) =>
        MatchAsync(() => Task.FromResult(condition()), held => held, expectation, timeout);

    /// <summary>Waits until the asynchronous <paramref name="condition"/> holds.</summary>
    public static Task TrueAsync(Func<Task<bool>> condition, string expectation, TimeSpan? timeout = null) =>
        MatchAsync(condition, held => held, expectation, timeout);
}
