namespace OrleansAgents;

/// <summary>Implemented by grains that register durable reminders.</summary>
public interface IRemindable : IGrain
{
    /// <summary>Called when the reminder <paramref name="reminderName"/> is due. Activates the grain if needed.</summary>
    Task ReceiveReminderAsync(string reminderName, TickStatus status);
}
