using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansAgents.SiloHost.Diagnostics;

namespace OrleansAgents.SiloHost.Demo;

/// <summary>
/// The <c>--demo</c> workload: submits <see cref="DemoJob.Workload"/> through <see cref="IGrainFactory"/>, prints
/// every status or progress change it sees, then the outcome, and stops the host. The exit code is 0 when every
/// job ended as expected (the failing job included), 1 otherwise.
/// </summary>
internal sealed partial class DemoRunner(
    IGrainFactory grains,
    DemoOutput output,
    IOptions<DemoOptions> options,
    SiloMetrics metrics,
    HostExitCode exitCode,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<DemoRunner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await WaitForStartAsync(stoppingToken).ConfigureAwait(false);
            exitCode.Value = await RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            output.WriteLine("interrupted before every job finished");
            exitCode.Value = HostExitCode.Interrupted;
        }
        catch (Exception exception)
        {
            LogDemoFailed(logger, exception);
            output.WriteLine($"failed: {exception.GetType().Name}: {exception.Message}");
            exitCode.Value = HostExitCode.Failure;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    private async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var runId = Guid.NewGuid().ToString("N")[..6];
        var started = time.GetTimestamp();
        var jobs = DemoJob.Workload
            .Select(job => (Job: job, Grain: grains.GetGrain<IDemoJobGrain>($"demo-{runId}-{job.Name}")))
            .ToList();

        output.WriteLine($"run {runId}: submitting {jobs.Count} jobs, one step every {settings.StepDelay.TotalMilliseconds:0} ms");
        var submitted = await Task.WhenAll(jobs.Select(j => j.Grain.SubmitAsync(j.Job.ToRequest(settings.StepDelay)))).ConfigureAwait(false);
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var status in submitted)
        {
            output.WriteLine($"{status.Name}: submitted as {status.JobId}");
            output.WriteLine(Describe(status));
            seen[status.JobId] = status.Version;
        }

        while (true)
        {
            var statuses = await Task.WhenAll(jobs.Select(j => j.Grain.GetStatusAsync())).ConfigureAwait(false);
            foreach (var status in statuses)
            {
                if (!seen.TryGetValue(status.JobId, out var version) || version != status.Version)
                {
                    seen[status.JobId] = status.Version;
                    output.WriteLine(Describe(status));
                }
            }

            if (statuses.All(s => s.IsTerminal))
            {
                return Conclude(jobs.Select(j => j.Job).ToList(), statuses, time.GetElapsedTime(started));
            }

            if (time.GetElapsedTime(started) >= settings.Timeout)
            {
                var unfinished = string.Join(", ", statuses.Where(s => !s.IsTerminal).Select(s => $"{s.Name} ({s.Status})"));
                output.WriteLine($"timed out after {settings.Timeout}; not finished: {unfinished}");
                return HostExitCode.Failure;
            }

            await Task.Delay(settings.PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private int Conclude(List<DemoJob> jobs, DemoJobStatus[] statuses, TimeSpan elapsed)
    {
        var counts = string.Join(", ", statuses.GroupBy(s => s.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}"));
        var unexpected = jobs.Zip(statuses).Where(pair => pair.First.Expected != pair.Second.Status).ToList();
        var seconds = elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
        output.WriteLine($"metrics: {metrics.FormatLine()}");
        if (unexpected.Count == 0)
        {
            output.WriteLine($"all {statuses.Length} jobs finished in {seconds} s: {counts}, as expected");
            return HostExitCode.Success;
        }

        foreach (var (job, status) in unexpected)
        {
            output.WriteLine($"UNEXPECTED: {job.Name} ended {status.Status}, expected {job.Expected}");
        }

        output.WriteLine($"all {statuses.Length} jobs finished in {seconds} s: {counts}, {unexpected.Count} not as expected");
        return HostExitCode.Failure;
    }

    private static string Describe(DemoJobStatus status)
    {
        var line = $"{status.Name}: {status.Status} {status.ProgressPercent}% ({status.StepsDone}/{status.StepsTotal} steps)";
        return status.Error is null ? line : $"{line} error: {status.Error}";
    }

    /// <summary>Waits until the host (and so the silo) has started; output before that would mix with start-up logs.</summary>
    private async Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(6001, LogLevel.Error, "The demo failed")]
    private static partial void LogDemoFailed(ILogger logger, Exception exception);
}
