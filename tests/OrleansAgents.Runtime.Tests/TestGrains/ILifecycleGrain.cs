namespace OrleansAgents.Runtime.Tests.TestGrains;

/// <summary>Records activation, deactivation, timer ticks and reminders in the shared <see cref="LifecycleProbe"/>.</summary>
public interface ILifecycleGrain : IGrainWithStringKey, IRemindable
{
    Task<string> GetActivationIdAsync();

    Task<string> GetSiloAsync();

    Task DeactivateAsync();

    Task StartTimerAsync(TimeSpan dueTime, TimeSpan period);

    Task<int> GetTimerTicksAsync();

    Task RegisterReminderAsync(string name, TimeSpan dueTime, TimeSpan period);

    Task UnregisterReminderAsync(string name);

    Task<IReadOnlyList<string>> GetReminderNamesAsync();
}
