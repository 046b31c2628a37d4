namespace OrleansAgents.Agents;

/// <summary>Fire-and-forget with the exception observed.</summary>
internal static class TaskExtensions
{
    public static void Ignore(this Task task) =>
        task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
