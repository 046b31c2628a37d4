using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansAgents.SiloHost.Diagnostics;

/// <summary>Logs the <c>OrleansAgents</c> meter's totals every <see cref="MetricsReportingOptions.ReportInterval"/>.</summary>
internal sealed partial class MetricsReporter(
    SiloMetrics metrics,
    IOptions<MetricsReportingOptions> options,
    TimeProvider time,
    ILogger<MetricsReporter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.ReportInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                LogMetrics(logger, metrics.FormatLine());
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    [LoggerMessage(5001, LogLevel.Information, "metrics: {Metrics}")]
    private static partial void LogMetrics(ILogger logger, string metrics);
}
