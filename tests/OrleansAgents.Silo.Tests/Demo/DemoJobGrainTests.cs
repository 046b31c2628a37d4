using OrleansAgents.SiloHost.Demo;
using OrleansAgents.SiloHost.Tests.Infrastructure;

namespace OrleansAgents.SiloHost.Tests.Demo;

[Collection(DemoSiloCollection.Name)]
public sealed class DemoJobGrainTests(DemoSiloFixture fixture)
{
    private static readonly TimeSpan StepDelay = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_job_persists_Pending_then_Running_then_each_step_then_Succeeded()
    {
        var job = fixture.Grains.GetGrain<IDemoJobGrain>(NewJobId());

        var submitted = await job.SubmitAsync(new DemoJobRequest("three-steps", 3, StepDelay));
        await fixture.Storage.WaitForWriteAsync(job.GetGrainId(), s => s.Status == JobStatus.Succeeded, Timeout, "Succeeded");

        Assert.Equal(JobStatus.Pending, submitted.Status);
        var writes = fixture.Storage.WritesOf(job.GetGrainId());
        Assert.Equal(
            [(JobStatus.Pending, 0), (JobStatus.Running, 0), (JobStatus.Running, 33), (JobStatus.Running, 66), (JobStatus.Succeeded, 100)],
            writes.Select(w => (w.Status, w.ProgressPercent)));
        Assert.Equal([1L, 2, 3, 4, 5], writes.Select(w => w.Version));
        Assert.All(writes, w => Assert.Null(w.Error));
        Assert.NotNull(writes[^1].StartedAt);
        Assert.True(writes[^1].CompletedAt >= writes[^1].StartedAt);

        var status = await job.GetStatusAsync();
        Assert.Equal(new DemoJobStatus(job.GetPrimaryKeyString(), "three-steps", JobStatus.Succeeded, 3, 3, 100, null, 5), status);
    }

    [Fact]
    public async Task A_failing_step_persists_Failed_with_the_error_and_the_steps_done_before_it()
    {
        var job = fixture.Grains.GetGrain<IDemoJobGrain>(NewJobId());

        await job.SubmitAsync(new DemoJobRequest("fails-second", 4, StepDelay, FailAtStep: 2, FailureMessage: "disk full"));
        await fixture.Storage.WaitForWriteAsync(job.GetGrainId(), s => s.Status == JobStatus.Failed, Timeout, "Failed");

        var writes = fixture.Storage.WritesOf(job.GetGrainId());
        Assert.Equal(
            [JobStatus.Pending, JobStatus.Running, JobStatus.Running, JobStatus.Failed],
            writes.Select(w => w.Status));
        var status = await job.GetStatusAsync();
        Assert.Equal(JobStatus.Failed, status.Status);
        Assert.Equal(1, status.StepsDone);
        Assert.Equal(25, status.ProgressPercent);
        Assert.Equal("step 2 of 4 failed: disk full", status.Error);
        Assert.True(status.IsTerminal);
    }

    [Fact]
    public async Task Submitting_the_same_job_id_again_returns_the_first_job_and_starts_nothing_new()
    {
        var job = fixture.Grains.GetGrain<IDemoJobGrain>(NewJobId());

        var first = await job.SubmitAsync(new DemoJobRequest("original", 2, StepDelay));
        var second = await job.SubmitAsync(new DemoJobRequest("duplicate", 9, StepDelay));
        await fixture.Storage.WaitForWriteAsync(job.GetGrainId(), s => s.Status == JobStatus.Succeeded, Timeout, "Succeeded");

        Assert.Equal("original", second.Name);
        Assert.Equal(2, second.StepsTotal);
        Assert.Equal(first.JobId, second.JobId);
        var writes = fixture.Storage.WritesOf(job.GetGrainId());
        Assert.Single(writes, w => w.Status == JobStatus.Pending);
        Assert.All(writes, w => Assert.Equal("original", w.Name));
    }

    [Fact]
    public async Task An_unknown_job_reports_NotSubmitted_and_persists_nothing()
    {
        var job = fixture.Grains.GetGrain<IDemoJobGrain>(NewJobId());

        var status = await job.GetStatusAsync();

        Assert.Equal(JobStatus.NotSubmitted, status.Status);
        Assert.False(status.IsTerminal);
        Assert.Empty(fixture.Storage.WritesOf(job.GetGrainId()));
    }

    [Fact]
    public async Task A_request_without_steps_is_rejected_and_persists_nothing()
    {
        var job = fixture.Grains.GetGrain<IDemoJobGrain>(NewJobId());

        var error = await Assert.ThrowsAnyAsync<Exception>(() => job.SubmitAsync(new DemoJobRequest("empty", 0, StepDelay)));

        Assert.Contains("Steps must be at least 1", error.Message, StringComparison.Ordinal);
        Assert.Empty(fixture.Storage.WritesOf(job.GetGrainId()));
    }

    private static string NewJobId() => $"test-{Guid.NewGuid():N}";
}
