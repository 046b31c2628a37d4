namespace OrleansAgents.SiloHost.Demo;

/// <summary>One job of the demo workload and the final status the demo expects of it.</summary>
/// <param name="Name">The job's readable name, unique within the workload.</param>
/// <param name="Steps">How many steps it has.</param>
/// <param name="Expected">The final status the demo expects.</param>
/// <param name="FailAtStep">The step that fails, for the failing job.</param>
/// <param name="FailureMessage">What the failing step reports.</param>
internal sealed record DemoJob(string Name, int Steps, JobStatus Expected, int? FailAtStep = null, string? FailureMessage = null)
{
    /// <summary>The workload <c>--demo</c> runs: three jobs that succeed and one whose third step fails.</summary>
    public static IReadOnlyList<DemoJob> Workload { get; } =
    [
        new("ingest-documents", 4, JobStatus.Succeeded),
        new("summarize-batch", 6, JobStatus.Succeeded),
        new("translate-summary", 5, JobStatus.Succeeded),
        new("publish-report", 5, JobStatus.Failed, FailAtStep: 3, FailureMessage: "publisher returned 503 Service Unavailable (simulated)"),
    ];

    /// <summary>The grain request for this job.</summary>
    public DemoJobRequest ToRequest(TimeSpan stepDelay) => new(Name, Steps, stepDelay, FailAtStep, FailureMessage);
}
