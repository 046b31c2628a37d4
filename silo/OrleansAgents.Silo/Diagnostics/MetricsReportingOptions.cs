namespace OrleansAgents.SiloHost.Diagnostics;

/// <summary>The periodic metrics line written to the log. Bound from <c>OrleansAgents:Metrics</c>.</summary>
internal sealed class MetricsReportingOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "OrleansAgents:Metrics";

    /// <summary>How often the totals of the <c>OrleansAgents</c> meter are logged; zero turns the line off.</summary>
    /// <value>1 minute.</value>
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromMinutes(1);
}
