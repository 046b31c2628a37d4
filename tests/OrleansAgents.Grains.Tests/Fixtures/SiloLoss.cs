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
            catch (Exception exception) when ((exception is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException || IsFenced(exception))
                && TimeProvider.System.GetElapsedTime(started) < limit)
            {
            }
        }
    }

    /// <summary>
    /// A call that reached the dying silo after its storage was fenced: a dead process would not have answered at all,
    /// so the client treats it as the silo's loss.
    /// </summary>
    private static bool IsFenced(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e.Message.Contains(RecordingGrainStorage.FencedMessage, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
