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
    public async Task The_demo_host_returns_zero_once_every_task_ended_as_designed()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = await SiloProgram.RunAsync(
            ["--demo", .. FreePorts.ForSilo().Args],
            error,
            builder => Quiet(builder).Services.AddSingleton(new DemoOutput(output))).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 0, $"Exit code {exitCode}.\n{output}\n{error}");
        var lines = DemoLine.Parse(output.ToString().Split(Environment.NewLine));
        Assert.Equal(
            DemoTask.Workload.Select(t => (t.Name, t.Expected)).Order(),
            lines.GroupBy(l => l.Task).Select(g => (g.Key, g.Last().Status)).Order());
        Assert.Contains("all 6 tasks ended as expected in", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, error.ToString());
    }

    [Fact]
    public async Task A_demo_that_cannot_finish_in_time_returns_one_and_names_the_unfinished_tasks()
    {
        var output = new StringWriter();

        // The task cancelled at 30% works through 150 ms steps: it cannot have ended 200 ms after submission.
        var exitCode = await SiloProgram.RunAsync(
            ["--demo", "--OrleansAgents:Demo:Timeout=00:00:00.200", .. FreePorts.ForSilo().Args],
            TextWriter.Null,
            builder => Quiet(builder).Services.AddSingleton(new DemoOutput(output))).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        Assert.Matches(@"timed out after 00:00:00\.2000000; not ended: (.+, )?cancel \((Pending|Running)\)", output.ToString());
    }

    private static IHostApplicationBuilder Quiet(IHostApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(new HostOutput(TextWriter.Null));
        return builder;
    }
}
