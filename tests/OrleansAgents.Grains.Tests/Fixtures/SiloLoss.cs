namespace OrleansAgents.Grains.Tests.Fixtures;

/// <summary>What a client does about a call cut off by a silo crash: call again (agent-task calls are idempotent).</summary>
public static class SiloLoss
{
    public static async Task<T> RetryAsync<T>(Func<Task<T>> call, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(20);
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception exception) when (exception is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException
                && TimeProvider.System.GetElapsedTime(started) < limit)
            {
            }
        }
    }
}
