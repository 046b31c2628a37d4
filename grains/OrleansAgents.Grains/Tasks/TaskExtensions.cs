namespace OrleansAgents.Agents;

/// <summary>Fire-and-forget with the exception observed.</summary>
internal static class TaskExtensions
{
    public static void Ignore(this Task task)
    {
        if (task.IsCompleted)
        {
            // One-way calls complete at once: observe the exception now instead of attaching a continuation.
            _ = task.Exception;
            return;
        }

        task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
