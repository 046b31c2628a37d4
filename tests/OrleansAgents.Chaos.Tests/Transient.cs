using Orleans.Runtime.Messaging;

namespace OrleansAgents.Chaos.Tests;

/// <summary>What a client does about a failure that chaos explains: calls again (agent-task and topic calls here are idempotent).</summary>
public static class Transient
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>Whether <paramref name="exception"/> is a fault a retry may get past: injected, lost, or a silo's loss.</summary>
    public static bool Is(Exception exception) =>
        exception is InjectedFaultException or TimeoutException or SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException
        || (exception is OrleansException && exception.InnerException is { } inner && Is(inner));

    /// <summary>Calls <paramref name="call"/> until it does not fail transiently (real-time limit 60 s).</summary>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> call)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception exception) when (Is(exception) && TimeProvider.System.GetElapsedTime(started) < Limit)
            {
            }
        }
    }

    /// <inheritdoc cref="RetryAsync{T}(Func{Task{T}})"/>
    public static Task RetryAsync(Func<Task> call) => RetryAsync(async () =>
    {
        await call();
        return true;
    });
}
