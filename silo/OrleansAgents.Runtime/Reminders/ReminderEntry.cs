namespace OrleansAgents.Runtime;

/// <summary>One durable reminder as stored in the reminder table.</summary>
/// <param name="GrainId">The grain the reminder wakes.</param>
/// <param name="ReminderName">The reminder's name, unique within the grain.</param>
/// <param name="StartAt">When the reminder first becomes due.</param>
/// <param name="Period">The time between ticks.</param>
/// <param name="ETag">The row's ETag; <c>null</c> before it is stored.</param>
public sealed record ReminderEntry(GrainId GrainId, string ReminderName, DateTimeOffset StartAt, TimeSpan Period, string? ETag = null)
    : IGrainReminder;
