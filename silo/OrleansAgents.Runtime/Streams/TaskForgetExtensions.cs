namespace OrleansAgents.Runtime;

/// <summary>Fire-and-forget without unobserved-exception noise.</summary>
internal static class TaskForgetExtensions
{
    public static void Forget(this Task task) =>
        task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
