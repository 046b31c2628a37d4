namespace OrleansAgents.Grains.Tests.Fixtures;

/// <summary>Awaits a condition with a deadline, failing with a message that says what was expected.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string expectation, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var started = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) > limit)
            {
                throw new TimeoutException($"Expected within {limit}: {expectation}");
            }

            await Task.Delay(10);
        }
    }

    public static Task TrueAsync(Func<bool> condition, string expectation, TimeSpan? timeout = null) =>
        TrueAsync(() => Task.FromResult(condition()), expectation, timeout);
}
