namespace OrleansAgents.TestingHost;

internal sealed partial class SimulationScheduler
{
    private readonly PriorityQueue<(VirtualTimer Timer, long Version), (long Due, long Sequence)> _timers = new();
    private long _timerSequence;

    /// <summary>Arms <paramref name="timer"/> for <paramref name="due"/> (virtual ticks); older arming of it is ignored.</summary>
    internal void Arm(VirtualTimer timer, long due, long version)
    {
        if (!IsOnSimulationThread)
        {
            // A timer armed from another thread: a leak, armed on the simulation thread instead.
            Enqueue(new SimulationStep("arm", "sim", null, static s => { var (scheduler, t, d, v) = ((SimulationScheduler, VirtualTimer, long, long))s!; scheduler.Arm(t, d, v); }, (this, timer, due, version), null));
            return;
        }

        _timers.Enqueue((timer, version), (Math.Max(due, Now), ++_timerSequence));
    }

    /// <summary>Makes every timer due at the current virtual time runnable.</summary>
    private void ReleaseDueTimers()
    {
        while (_timers.TryPeek(out var entry, out var priority) && priority.Due <= Now)
        {
            _timers.Dequeue();
            if (entry.Timer.IsArmed(entry.Version))
            {
                _runnable.Add(new SimulationStep("timer", entry.Timer.Owner, entry.Timer, static s => ((VirtualTimer)s!).Fire(), entry.Timer, null));
            }
        }
    }

    /// <summary>Moves virtual time to the next armed timer; <c>false</c> when none is armed.</summary>
    private bool TryAdvanceTime()
    {
        while (_timers.TryPeek(out var entry, out var priority))
        {
            if (!entry.Timer.IsArmed(entry.Version))
            {
                _timers.Dequeue();
                continue;
            }

            Now = Math.Max(Now, priority.Due);
            ReleaseDueTimers();
            return true;
        }

        return false;
    }
}
