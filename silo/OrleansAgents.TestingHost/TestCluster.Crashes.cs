namespace OrleansAgents.TestingHost;

/// <summary>Silo crashes as a simulation fault: see <see cref="SimulationFaults.SiloCrashRate"/>.</summary>
public sealed partial class TestCluster
{
    private static readonly TimeSpan CrashRoll = TimeSpan.FromSeconds(1);
    private ITimer? _crashes;
    private int _siloCrashes;

    /// <summary>How many silos <see cref="SimulationFaults.SiloCrashRate"/> has killed so far.</summary>
    public int SiloCrashes => Volatile.Read(ref _siloCrashes);

    /// <summary>
    /// Once deployed in a simulation whose faults crash silos: each virtual second, with the seeded probability, kills
    /// one running silo other than the primary (a test's handle on the cluster, and at least one silo, survive) and
    /// starts it again under the same name (a new generation) after <see cref="SimulationFaults.SiloRestartDelay"/>.
    /// </summary>
    private void StartSiloCrashes()
    {
        if (_simulation is { } simulation && simulation.Faults.SiloCrashRate > 0)
        {
            _crashes = simulation.Clock.CreateTimer(_ => RollSiloCrash(simulation), null, CrashRoll, CrashRoll);
        }
    }

    private void StopSiloCrashes() => _crashes?.Dispose();

    private void RollSiloCrash(SimulationScheduler simulation)
    {
        var faults = simulation.Faults;
        if (_disposed || faults.SiloCrashRate <= 0 || simulation.Random.NextDouble() >= faults.SiloCrashRate)
        {
            return;
        }

        var candidates = Silos.Skip(1).ToList();
        if (candidates.Count == 0)
        {
            return;
        }

        var victim = candidates[simulation.Random.Next(candidates.Count)];
        simulation.Trace.Observe($"crash {victim.Name}");
        Interlocked.Increment(ref _siloCrashes);
        _ = CrashAndRestartAsync(victim, faults.SiloRestartDelay);
    }

    private async Task CrashAndRestartAsync(SiloHandle victim, TimeSpan restartAfter)
    {
        try
        {
            await KillSiloAsync(victim).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            return; // The test stopped or killed it first.
        }

        if (restartAfter < TimeSpan.Zero)
        {
            return;
        }

        await Task.Delay(restartAfter, TimeProvider).ConfigureAwait(false);
        if (!_disposed)
        {
            var restarted = await StartSiloAsync(victim.Name).ConfigureAwait(false);
            lock (_lock)
            {
                if (_disposed)
                {
                    // The cluster was disposed while the silo started: it is not in the list disposal walked.
                    restarted.Silo.Kill();
                    restarted.Host.Dispose();
                }
            }
        }
    }
}
