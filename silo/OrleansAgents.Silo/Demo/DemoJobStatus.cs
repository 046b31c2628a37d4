namespace OrleansAgents.SiloHost.Demo;

/// <summary>A demo job's persisted status, as a caller sees it.</summary>
/// <param name="JobId">The job's grain key.</param>
/// <param name="Name">The job's readable name.</param>
/// <param name="Status">Where the job is in its life.</param>
/// <param name="StepsDone">Steps finished.</param>
/// <param name="StepsTotal">Steps in the job.</param>
/// <param name="ProgressPercent">Steps finished over steps in the job, 0 to 100.</param>
/// <param name="Error">Why the job failed; <c>null</c> unless <see cref="Status"/> is <see cref="JobStatus.Failed"/>.</param>
/// <param name="Version">Incremented on every persisted transition, so a watcher can tell a change.</param>
public sealed record DemoJobStatus(
    string JobId,
    string Name,
    JobStatus Status,
    int StepsDone,
    int StepsTotal,
    int ProgressPercent,
    string? Error,
    long Version)
{
    /// <summary>Whether the job has finished, successfully or not.</summary>
    public bool IsTerminal => Status is JobStatus.Succeeded or JobStatus.Failed;
}
