using OrleansAgents.SiloHost.Demo;
using OrleansAgents.SiloHost.Tests.Infrastructure;

namespace OrleansAgents.SiloHost.Tests.EndToEnd;

/// <summary>Runs the real silo executable with <c>--demo</c>, the README's first command.</summary>
public sealed class DemoProcessTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Demo_exits_zero_after_printing_every_jobs_progress_and_final_status()
    {
        await using var silo = SiloProcess.Start(["--demo"]);

        var exitCode = await silo.WaitForExitAsync(ExitTimeout);

        Assert.True(exitCode == 0, $"Exit code {exitCode}. Output:\n{silo.Transcript}");
        var lines = DemoLine.Parse(silo.Output);
        foreach (var job in DemoJob.Workload)
        {
            var progress = lines.Where(l => l.Job == job.Name).ToList();
            Assert.True(progress.Count >= 3, $"Expected Pending, Running and a final line for {job.Name}. Output:\n{silo.Transcript}");
            Assert.Equal(JobStatus.Pending, progress[0].Status);
            Assert.Contains(progress, l => l.Status == JobStatus.Running && l.Percent > 0 && l.Percent < 100);
            Assert.Equal(job.Expected, progress[^1].Status);
            Assert.True(
                progress.Zip(progress.Skip(1)).All(pair => pair.First.Percent <= pair.Second.Percent && pair.First.Status <= pair.Second.Status),
                $"Progress of {job.Name} went backwards:\n{string.Join('\n', progress)}");
            Assert.All(progress, l => Assert.Equal(job.Steps, l.StepsTotal));
        }

        var succeeded = lines.Where(l => l.Status == JobStatus.Succeeded).ToList();
        Assert.All(succeeded, l => Assert.Equal(100, l.Percent));
        var failed = Assert.Single(lines, l => l.Status == JobStatus.Failed);
        Assert.Equal("publish-report", failed.Job);
        Assert.Equal(2, failed.StepsDone);
        Assert.Equal("step 3 of 5 failed: publisher returned 503 Service Unavailable (simulated)", failed.Error);

        Assert.Contains(silo.Output, l => l.StartsWith("[demo] all 4 jobs finished", StringComparison.Ordinal) && l.EndsWith("3 Succeeded, 1 Failed, as expected", StringComparison.Ordinal));
        Assert.Contains(silo.Output, l => l.StartsWith("[demo] metrics: ", StringComparison.Ordinal) && l.Contains("orleansagents.activations.created=4", StringComparison.Ordinal));
        Assert.Contains(silo.Output, l => l.Contains("stopped", StringComparison.Ordinal) && l.Contains("OrleansAgents.Runtime.Silo", StringComparison.Ordinal));
        Assert.Empty(silo.Error);
    }
}
