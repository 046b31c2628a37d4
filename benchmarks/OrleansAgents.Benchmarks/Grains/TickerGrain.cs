namespace OrleansAgents.Benchmarks.Grains;

/// <summary>Counts its timer ticks (every second) and reminder ticks (every minute).</summary>
public sealed class TickerGrain : Grain, ITickerGrain, IRemindable
{
    private int _timer;
    private int _reminder;

    /// <inheritdoc />
    public async Task StartAsync()
    {
        RegisterGrainTimer(_ =>
        {
            _timer++;
            return Task.CompletedTask;
        }, new GrainTimerCreationOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)) { KeepAlive = true });
        await RegisterOrUpdateReminderAsync("tick", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    /// <inheritdoc />
    public Task<int[]> GetCountsAsync() => Task.FromResult<int[]>([_timer, _reminder]);

    /// <inheritdoc />
    public Task ReceiveReminderAsync(string reminderName, TickStatus status)
    {
        _reminder++;
        return Task.CompletedTask;
    }
}
