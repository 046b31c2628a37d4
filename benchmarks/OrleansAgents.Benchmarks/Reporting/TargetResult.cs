namespace OrleansAgents.Benchmarks.Reporting;

/// <summary>One target of the issue, the figure measured against it, and whether it was met.</summary>
/// <param name="Name">What is measured, e.g. "single-caller round trip vs channel".</param>
/// <param name="Measured">The measured figure, formatted with its unit.</param>
/// <param name="Target">The target, formatted with its unit and comparison (e.g. "&lt;= 5.00x").</param>
/// <param name="Met">Whether the measured figure meets the target.</param>
internal sealed record TargetResult(string Name, string Measured, string Target, bool Met)
{
    public static string Print(IReadOnlyCollection<TargetResult> results)
    {
        var table = new TextTable("Target", "Measured", "Required", "Result");
        foreach (var result in results)
        {
            table.Add(result.Name, result.Measured, result.Target, result.Met ? "PASS" : "FAIL");
        }

        return table.ToString();
    }
}
