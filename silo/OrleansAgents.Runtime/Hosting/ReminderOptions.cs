namespace OrleansAgents.Hosting;

/// <summary>Reminder limits and the reminder table refresh.</summary>
public sealed class ReminderOptions
{
    /// <summary>The shortest period a reminder may have.</summary>
    /// <value>1 minute. Reminders are for durable, coarse schedules; use grain timers for fine ones.</value>
    public TimeSpan MinimumReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often each silo re-reads the reminder table to pick up reminders it now owns.</summary>
    /// <value>30 seconds. A change of membership also triggers a re-read.</value>
    public TimeSpan RefreshReminderListPeriod { get; set; } = TimeSpan.FromSeconds(30);
}
