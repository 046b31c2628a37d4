namespace OrleansAgents.SiloHost.Demo;

/// <summary>What a demo job persists; written on every transition.</summary>
internal sealed class DemoJobState
{
    public string Name { get; set; } = string.Empty;

    public JobStatus Status { get; set; } = JobStatus.NotSubmitted;

    public int StepsTotal { get; set; }

    public int StepsDone { get; set; }

    public TimeSpan StepDelay { get; set; }

    public int? FailAtStep { get; set; }

    public string? FailureMessage { get; set; }

    public string? Error { get; set; }

    public long Version { get; set; }

    public DateTimeOffset? SubmittedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public int ProgressPercent => StepsTotal == 0 ? 0 : StepsDone * 100 / StepsTotal;
}
