using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansAgents.SiloHost.Demo;
using OrleansAgents.SiloHost.Tests.Infrastructure;

namespace OrleansAgents.SiloHost.Tests.Demo;

/// <summary>The whole host (<see cref="SiloProgram"/>) in this process, with the demo writing to a buffer.</summary>
public sealed class DemoRunnerTests
{
    [Fact]
    public async Task The_demo_host_returns_zero_once_every_job_ended_as_expected()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = await SiloProgram.RunAsync(
            ["--demo", "--OrleansAgents:Demo:StepDelay=00:00:00.020", "--OrleansAgents:Demo:PollInterval=00:00:00.005"],
            error,
            builder => Quiet(builder).Services.AddSingleton(new DemoOutput(output))).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 0, $"Exit code {exitCode}.\n{output}\n{error}");
        var lines = DemoLine.Parse(output.ToString().Split(Environment.NewLine));
        Assert.Equal(
            DemoJob.Workload.Select(j => (j.Name, j.Expected)).Order(),
            lines.GroupBy(l => l.Job).Select(g => (g.Key, g.Last().Status)).Order());
        Assert.Contains("jobs finished in", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, error.ToString());
    }

    [Fact]
    public async Task A_demo_that_cannot_finish_in_time_returns_one_and_names_the_unfinished_jobs()
    {
        var output = new StringWriter();

        var exitCode = await SiloProgram.RunAsync(
            ["--demo", "--OrleansAgents:Demo:StepDelay=00:00:10", "--OrleansAgents:Demo:Timeout=00:00:00.200"],
            TextWriter.Null,
            builder => Quiet(builder).Services.AddSingleton(new DemoOutput(output))).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        Assert.Contains("timed out after 00:00:00.2000000; not finished: ingest-documents (Pending)", output.ToString(), StringComparison.Ordinal);
    }

    private static HostApplicationBuilder Quiet(HostApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        return builder;
    }
}
