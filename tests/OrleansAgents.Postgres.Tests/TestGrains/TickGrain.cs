namespace OrleansAgents.Postgres.Tests.TestGrains;

[GrainType(GrainTypeName)]
public sealed class TickGrain([PersistentState("ticks", "pg")] IPersistentState<TickState> state, TickProbe probe) : Grain, ITickGrain, IRemindable
{
    public const string GrainTypeName = "pg-tick";

    public const string ReminderName = "tick";

    public Task StartAsync(TimeSpan dueTime, TimeSpan period) => RegisterOrUpdateReminderAsync(ReminderName, dueTime, period);

    public Task<int> GetTicksAsync() => Task.FromResult(state.State.Ticks);

    public async Task ReceiveReminderAsync(string reminderName, TickStatus status)
    {
        state.State.Ticks++;
        await state.WriteStateAsync();
        probe.Record(GrainKey.AsString(), reminderName);
    }
}

public sealed class TickState
{
    public int Ticks { get; set; }
}
