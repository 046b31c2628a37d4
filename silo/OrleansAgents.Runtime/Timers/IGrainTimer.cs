namespace OrleansAgents;

/// <summary>A grain timer. Dispose it to stop it; it also stops when the activation ends.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Changes when the timer next fires and its period.</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}
