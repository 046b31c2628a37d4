namespace OrleansAgents.Postgres.Tests.Fixtures;

/// <summary>Awaits a task with a deadline (conditions are polled with <see cref="TestingHost.Eventually"/>).</summary>
internal static class Eventually
{
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
