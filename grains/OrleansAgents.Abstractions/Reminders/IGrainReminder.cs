namespace OrleansAgents;

/// <summary>A registered durable reminder.</summary>
public interface IGrainReminder
{
    /// <summary>The reminder's name, unique within its grain.</summary>
    string ReminderName { get; }

    /// <summary>When the reminder first becomes due.</summary>
    DateTimeOffset StartAt { get; }

    /// <summary>The period between ticks.</summary>
    TimeSpan Period { get; }
}
