using System.Globalization;
using System.Text.RegularExpressions;
using OrleansAgents.Agents;

namespace OrleansAgents.SiloHost.Tests.Infrastructure;

/// <summary>
/// One status line of the demo: <c>[demo] name: Status N% step i/n (agent)[, attempt a][, details]</c>, as written by
/// <c>DemoFormat.Status</c>.
/// </summary>
internal sealed partial record DemoLine(string Task, AgentTaskStatus Status, int Percent, int Step, int Steps, string Agent, int Attempt, string Details)
{
    public static IReadOnlyList<DemoLine> Parse(IEnumerable<string> output) =>
        [.. output.Select(line => StatusLine().Match(line)).Where(m => m.Success).Select(m => new DemoLine(
            m.Groups["task"].Value,
            Enum.Parse<AgentTaskStatus>(m.Groups["status"].Value),
            int.Parse(m.Groups["percent"].Value, CultureInfo.InvariantCulture),
            int.Parse(m.Groups["step"].Value, CultureInfo.InvariantCulture),
            int.Parse(m.Groups["steps"].Value, CultureInfo.InvariantCulture),
            m.Groups["agent"].Value,
            m.Groups["attempt"].Success ? int.Parse(m.Groups["attempt"].Value, CultureInfo.InvariantCulture) : 0,
            m.Groups["details"].Value))];

    [GeneratedRegex(@"^\[demo\] (?<task>[\w-]+): (?<status>[A-Za-z]+) (?<percent>\d+)% step (?<step>\d+)/(?<steps>\d+) \((?<agent>[\w-]+)\)(?:, attempt (?<attempt>\d+))?(?<details>.*)$")]
    private static partial Regex StatusLine();
}
