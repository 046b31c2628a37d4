namespace OrleansAgents.Simulation.Tests;

/// <summary>What a client does under hostile faults: calls again after a failure the faults explain.</summary>
internal static class SimulatedRetries
{
    /// <summary>
    /// Calls <paramref name="call"/> until it succeeds, waiting 200 ms of virtual time after a lost silo, a lost message
    /// (timeout), or a failed or timed-out storage write; gives up (rethrows) after 50 calls. Only for idempotent calls.
    /// </summary>
    public static Task RetryAsync(TestingHost.Simulation simulation, Func<Task> call) =>
        RetryAsync(simulation, async () =>
        {
            await call();
            return true;
        });

    /// <inheritdoc cref="RetryAsync(TestingHost.Simulation, Func{Task})"/>
    public static async Task<T> RetryAsync<T>(TestingHost.Simulation simulation, Func<Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception exception) when (attempt < 50 && exception is SiloUnavailableException or TimeoutException or IOException or InconsistentStateException)
            {
                await simulation.AdvanceTimeAsync(TimeSpan.FromMilliseconds(200));
            }
        }
    }
}
