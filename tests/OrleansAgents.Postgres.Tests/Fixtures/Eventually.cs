namespace OrleansAgents.Postgres.Tests.Fixtures;

/// <summary>Awaits a condition with a deadline instead of sleeping for a guessed time.</summary>
internal static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> every few milliseconds until it holds; fails with <paramref name="expectation"/> at the deadline.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string expectation)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)(timeout.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (!await condition())
        {
            if (TimeProvider.System.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"Expected {expectation} within {timeout}, but it did not happen.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    /// <summary>Awaits <paramref name="task"/>; fails with <paramref name="expectation"/> at the deadline.</summary>
    public static async Task<T> CompletesAsync<T>(Task<T> task, TimeSpan timeout, string expectation)
    {
        try
        {
            return await task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Expected {expectation} within {timeout}, but it did not happen.");
        }
    }
}
