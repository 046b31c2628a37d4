namespace OrleansAgents.SiloHost.Demo;

/// <summary>
/// A multi-step demo job, keyed by job id. It advances on a grain timer and persists its status and progress
/// on every transition. (Replaced by the agent-task grain of <c>OrleansAgents.Grains</c> in a later issue.)
/// </summary>
public interface IDemoJobGrain : IGrainWithStringKey
{
    /// <summary>
    /// Submits the job. Idempotent: when a job was already submitted under this id, returns its status and
    /// ignores <paramref name="request"/>.
    /// </summary>
    Task<DemoJobStatus> SubmitAsync(DemoJobRequest request);

    /// <summary>Returns the job's persisted status; <see cref="JobStatus.NotSubmitted"/> for an unknown id.</summary>
    [AlwaysInterleave]
    Task<DemoJobStatus> GetStatusAsync();
}
