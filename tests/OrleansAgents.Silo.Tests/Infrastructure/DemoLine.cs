using System.Globalization;
using System.Text.RegularExpressions;
using OrleansAgents.SiloHost.Demo;

namespace OrleansAgents.SiloHost.Tests.Infrastructure;

/// <summary>One status line of the demo: <c>[demo] name: Status N% (done/total steps)[ error: ...]</c>.</summary>
internal sealed partial record DemoLine(string Job, JobStatus Status, int Percent, int StepsDone, int StepsTotal, string? Error)
{
    public static IReadOnlyList<DemoLine> Parse(IEnumerable<string> output) =>
        [.. output.Select(line => StatusLine().Match(line)).Where(m => m.Success).Select(m => new DemoLine(
            m.Groups["job"].Value,
            Enum.Parse<JobStatus>(m.Groups["status"].Value),
            int.Parse(m.Groups["percent"].Value, CultureInfo.InvariantCulture),
            int.Parse(m.Groups["done"].Value, CultureInfo.InvariantCulture),
            int.Parse(m.Groups["total"].Value, CultureInfo.InvariantCulture),
            m.Groups["error"].Success ? m.Groups["error"].Value : null))];

    [GeneratedRegex(@"^\[demo\] (?<job>[\w-]+): (?<status>[A-Za-z]+) (?<percent>\d+)% \((?<done>\d+)/(?<total>\d+) steps\)(?: error: (?<error>.+))?$")]
    private static partial Regex StatusLine();
}
