namespace OrleansAgents.Runtime.Tests.TestGrains;

public sealed class LifecycleGrain(LifecycleProbe probe, SiloMarker silo) : Grain, ILifecycleGrain
{
    private readonly string _activationId = Guid.NewGuid().ToString("N")[..8];
    private int _ticks;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Record($"activate:{this.GetPrimaryKeyString()}");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Record($"deactivate:{this.GetPrimaryKeyString()}:{reason}");
        return Task.CompletedTask;
    }

    public Task<string> GetActivationIdAsync() => Task.FromResult(_activationId);

    public Task<string> GetSiloAsync() => Task.FromResult(silo.Name);

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task StartTimerAsync(TimeSpan dueTime, TimeSpan period)
    {
        RegisterGrainTimer(
            _ =>
            {
                _ticks++;
                probe.Record($"tick:{this.GetPrimaryKeyString()}");
                return Task.CompletedTask;
            },
            dueTime,
            period);
        return Task.CompletedTask;
    }

    public Task<int> GetTimerTicksAsync() => Task.FromResult(_ticks);

    public Task RegisterReminderAsync(string name, TimeSpan dueTime, TimeSpan period) =>
        RegisterOrUpdateReminderAsync(name, dueTime, period);

    public async Task UnregisterReminderAsync(string name)
    {
        var reminder = await GetReminderAsync(name) ?? throw new InvalidOperationException($"no reminder {name}");
        await UnregisterReminderAsync(reminder);
    }

    public async Task<IReadOnlyList<string>> GetReminderNamesAsync() =>
        [.. (await GetRemindersAsync()).Select(r => r.ReminderName)];

    public Task ReceiveReminderAsync(string reminderName, TickStatus status)
    {
        probe.Record($"reminder:{this.GetPrimaryKeyString()}:{reminderName}@{silo.Name}");
        return Task.CompletedTask;
    }
}
