using System.Globalization;
using System.Text.RegularExpressions;
using OrleansAgents.Agents;

namespace OrleansAgents.SiloHost.Tests.Infrastructure;

/// <summary>
/// One summary line of the demo: <c>[demo] summary name: Status as expected|NOT AS EXPECTED (why), a attempts in t ms[details]</c>,
/// as written by <c>DemoFormat.Summary</c>.
/// </summary>
internal sealed partial record DemoSummaryLine(string Task, AgentTaskStatus Status, bool AsExpected, int Attempts, string Details)
{
    public static IReadOnlyList<DemoSummaryLine> Parse(IEnumerable<string> output) =>
        [.. output.Select(line => SummaryLine().Match(line)).Where(m => m.Success).Select(m => new DemoSummaryLine(
            m.Groups["task"].Value,
            Enum.Parse<AgentTaskStatus>(m.Groups["status"].Value),
            m.Groups["verdict"].Value == "as expected",
            int.Parse(m.Groups["attempts"].Value, CultureInfo.InvariantCulture),
            m.Groups["details"].Value))];

    [GeneratedRegex(@"^\[demo\] summary (?<task>[\w-]+): (?<status>[A-Za-z]+) (?<verdict>as expected|NOT AS EXPECTED \(.*?\)), (?<attempts>\d+) attempts? in \d+ ms(?<details>.*)$")]
    private static partial Regex SummaryLine();
}
