using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansAgents.Agents;
using OrleansAgents.SiloHost.Diagnostics;

namespace OrleansAgents.SiloHost.Demo;

/// <summary>
/// The <c>--demo</c> workload: submits <see cref="DemoTask.Workload"/> as agent tasks through
/// <see cref="IGrainFactory"/>, reads the unfinished ones every <see cref="DemoOptions.PollInterval"/> and prints each change,
/// cancels the task meant to be cancelled once it is far enough, then prints a summary and stops the host. The
/// exit code is 0 when every task ended as designed (the failing and the cancelled one included), 1 otherwise.
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
    private static readonly AgentCaller Caller = new(DemoTask.UserId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await WaitForStartAsync(stoppingToken).ConfigureAwait(false);
            exitCode.Value = await RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            output.WriteLine("interrupted before every task ended");
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
        var tasks = DemoTask.Workload
            .Select(demo => (Demo: demo, Grain: grains.GetGrain<IAgentTaskGrain>($"demo-{runId}-{demo.Name}")))
            .ToList();

        output.WriteLine($"run {runId}: submitting {tasks.Count} agent tasks for user '{DemoTask.UserId}' (task ids demo-{runId}-<name>)");
        var snapshots = await Task.WhenAll(tasks.Select(t => t.Grain.SubmitAsync(t.Demo.Request))).ConfigureAwait(false);
        var printed = new string[tasks.Count];
        var cancellations = new List<Task>();
        while (true)
        {
            for (var i = 0; i < tasks.Count; i++)
            {
                var (demo, grain) = tasks[i];
                var line = DemoFormat.Status(demo.Name, snapshots[i]);
                if (line != printed[i])
                {
                    printed[i] = line;
                    output.WriteLine(line);
                }

                if (demo.CancelAtPercent is { } percent && cancellations.Count == 0 && !snapshots[i].Status.IsTerminal() && snapshots[i].Progress.Percent >= percent)
                {
                    output.WriteLine($"{demo.Name}: cancelling at {snapshots[i].Progress.Percent.ToString("0", CultureInfo.InvariantCulture)}%");
                    cancellations.Add(grain.CancelAsync(Caller));
                }
            }

            if (snapshots.All(s => s.Status.IsTerminal()))
            {
                await Task.WhenAll(cancellations).ConfigureAwait(false);
                return Conclude(tasks.Select(t => t.Demo).ToList(), snapshots, time.GetElapsedTime(started));
            }

            if (time.GetElapsedTime(started) >= settings.Timeout)
            {
                var unfinished = string.Join(", ", tasks.Zip(snapshots).Where(p => !p.Second.Status.IsTerminal()).Select(p => $"{p.First.Demo.Name} ({p.Second.Status})"));
                output.WriteLine($"timed out after {settings.Timeout}; not ended: {unfinished}");
                return HostExitCode.Failure;
            }

            await Task.Delay(settings.PollInterval, time, cancellationToken).ConfigureAwait(false);

            // A terminal task never changes again (its activation is released once it ends): read only the others.
            snapshots = await Task.WhenAll(tasks.Zip(snapshots).Select(p => p.Second.Status.IsTerminal() ? Task.FromResult(p.Second) : p.First.Grain.GetAsync(Caller))).ConfigureAwait(false);
        }
    }

    private int Conclude(List<DemoTask> demos, AgentTaskSnapshot[] snapshots, TimeSpan elapsed)
    {
        foreach (var (demo, task) in demos.Zip(snapshots))
        {
            output.WriteLine(DemoFormat.Summary(demo, task));
        }

        var counts = string.Join(", ", snapshots.GroupBy(s => s.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}"));
        var unexpected = demos.Zip(snapshots).Count(pair => pair.First.Mismatch(pair.Second) is not null);
        var seconds = elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
        output.WriteLine($"metrics: {metrics.FormatLine()}");
        output.WriteLine(unexpected == 0
            ? $"all {snapshots.Length} tasks ended as expected in {seconds} s: {counts}"
            : $"all {snapshots.Length} tasks ended in {seconds} s: {counts}; {unexpected} NOT as expected");
        return unexpected == 0 ? HostExitCode.Success : HostExitCode.Failure;
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
