using OrleansAgents.Agents;
using OrleansAgents.SiloHost.Demo;
using OrleansAgents.SiloHost.Tests.Infrastructure;

namespace OrleansAgents.SiloHost.Tests.EndToEnd;

/// <summary>Runs the real silo executable with <c>--demo</c>, the README's first command.</summary>
public sealed class DemoProcessTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Demo_exits_zero_after_printing_every_tasks_progress_and_final_status()
    {
        await using var silo = ChildProcess.StartSilo(["--demo", .. FreePorts.ForSilo().Args]);

        var exitCode = await silo.WaitForExitAsync(ExitTimeout);

        Assert.True(exitCode == 0, $"Exit code {exitCode}. Output:\n{silo.Transcript}");
        var lines = DemoLine.Parse(silo.Output);
        foreach (var demo in DemoTask.Workload)
        {
            var progress = lines.Where(l => l.Task == demo.Name).ToList();
            Assert.True(progress.Count >= 2, $"Expected a Pending and a final line for {demo.Name}. Output:\n{silo.Transcript}");
            Assert.Equal((AgentTaskStatus.Pending, 0), (progress[0].Status, progress[0].Percent));
            Assert.Equal(demo.Expected, progress[^1].Status);
            Assert.True(
                progress.Zip(progress.Skip(1)).All(pair => pair.First != pair.Second),
                $"A line of {demo.Name} was printed twice in a row (only changes should be):\n{string.Join('\n', progress)}");
            Assert.True(
                progress.Zip(progress.Skip(1)).All(pair => pair.First.Status <= pair.Second.Status && pair.First.Step <= pair.Second.Step && pair.First.Percent <= pair.Second.Percent),
                $"The status or progress of {demo.Name} went backwards:\n{string.Join('\n', progress)}");
            Assert.All(progress, l => Assert.Equal(demo.Request.Route.Count, l.Steps));
        }

        Assert.EndsWith(", output 41", Final(lines, "pipeline").Details, StringComparison.Ordinal);
        Assert.EndsWith(", 3 child tasks, output [2,4,6]", Final(lines, "fan-out").Details, StringComparison.Ordinal);
        var retried = Final(lines, "retry");
        Assert.Equal(3, retried.Attempt);
        Assert.Contains(", retried after OutOfMemoryException: simulated out-of-memory on attempt 2", retried.Details, StringComparison.Ordinal);
        Assert.Equal(", fatal error ArgumentException: invalid value: 42", Final(lines, "fatal").Details);
        var cancelled = Final(lines, "cancel");
        Assert.InRange(cancelled.Percent, 30, 99);
        Assert.Contains(silo.Output, l => l.StartsWith("[demo] cancel: cancelling at ", StringComparison.Ordinal));
        Assert.StartsWith(", \"summarized\", output {\"summary\":\"Each agent task lives in its own grain:", Final(lines, "summarize").Details, StringComparison.Ordinal);

        var summary = DemoSummaryLine.Parse(silo.Output);
        Assert.Equal(DemoTask.Workload.Select(d => (d.Name, d.Expected, true)), summary.Select(s => (s.Task, s.Status, s.AsExpected)));
        Assert.Contains(silo.Output, l => l.StartsWith("[demo] all 6 tasks ended as expected in ", StringComparison.Ordinal) && l.EndsWith(" s: 4 Succeeded, 1 Failed, 1 Cancelled", StringComparison.Ordinal));
        Assert.Contains(silo.Output, l => l.StartsWith("ready: silo ", StringComparison.Ordinal));
        Assert.Empty(silo.Error);
    }

    private static DemoLine Final(IReadOnlyList<DemoLine> lines, string task) => lines.Last(l => l.Task == task);
}
