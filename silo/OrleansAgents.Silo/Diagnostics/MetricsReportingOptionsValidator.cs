using Microsoft.Extensions.Options;

namespace OrleansAgents.SiloHost.Diagnostics;

/// <summary>Fails start-up with a message naming the metrics option that is wrong.</summary>
internal sealed class MetricsReportingOptionsValidator : IValidateOptions<MetricsReportingOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsReportingOptions options) =>
        options.ReportInterval < TimeSpan.Zero
            ? ValidateOptionsResult.Fail(
                $"{nameof(MetricsReportingOptions)}.{nameof(MetricsReportingOptions.ReportInterval)} " +
                $"({MetricsReportingOptions.SectionName}:{nameof(MetricsReportingOptions.ReportInterval)}) must not be negative (was {options.ReportInterval}); use 00:00:00 to turn the metrics line off.")
            : ValidateOptionsResult.Success;
}
