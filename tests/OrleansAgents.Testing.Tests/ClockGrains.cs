using Orleans.Runtime;
using Orleans.Streams;
using OrleansAgents.Streams;

namespace OrleansAgents.Testing.Tests;

public interface IClockGrain : IGrainWithStringKey
{
    Task StartTimerAsync(TimeSpan period);

    Task<int> GetTicksAsync();

    Task ArmReminderAsync(TimeSpan period);

    Task<int> GetRemindersAsync();

    Task SubscribeAsync(string streamKey);

    Task<IReadOnlyList<int>> GetReceivedAsync();
}

public sealed class ClockGrain : Grain, IClockGrain, IRemindable
{
    private readonly List<int> _received = [];
    private int _ticks;
    private int _reminders;

    public Task StartTimerAsync(TimeSpan period)
    {
        this.RegisterGrainTimer(() =>
        {
            _ticks++;
            return Task.CompletedTask;
        }, period, period);
        return Task.CompletedTask;
    }

    public Task<int> GetTicksAsync() => Task.FromResult(_ticks);

    public Task ArmReminderAsync(TimeSpan period) => this.RegisterOrUpdateReminder("tick", period, period);

    public Task<int> GetRemindersAsync() => Task.FromResult(_reminders);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _reminders++;
        return Task.CompletedTask;
    }

    public async Task SubscribeAsync(string streamKey)
    {
        var stream = this.GetStreamProvider(StreamProviderNames.Default).GetStream<int>(StreamId.Create("clock", streamKey));
        await stream.SubscribeAsync((value, _) =>
        {
            _received.Add(value);
            return Task.CompletedTask;
        });
    }

    public Task<IReadOnlyList<int>> GetReceivedAsync() => Task.FromResult<IReadOnlyList<int>>(_received.ToArray());
}
