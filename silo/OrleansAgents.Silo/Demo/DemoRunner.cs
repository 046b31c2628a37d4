using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using OrleansAgents.Agents;
using OrleansAgents.Streams;

namespace OrleansAgents.SiloHost.Demo;

/// <summary>
/// The <c>--demo</c> workload: submits <see cref="DemoTask.Workload"/> as agent tasks through the silo's own
/// <see cref="IGrainFactory"/> and watches them through an <see cref="AgentClient"/> over the silo's memory streams,
/// watches each task's event stream and prints each change as it happens, cancels the task meant to be cancelled
/// once it is far enough, then prints a summary and stops the host. The
/// exit code is 0 when every task ended as designed (the failing and the cancelled one included), 1 otherwise.
/// </summary>
internal sealed partial class DemoRunner(
    IGrainFactory grains,
    [FromKeyedServices(StreamProviderNames.Default)] IStreamProvider streams,
    DemoOutput output,
    IOptions<DemoOptions> options,
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
        var agents = new AgentClient(grains, Caller, streams);
        var demos = DemoTask.Workload;
        var ids = demos.Select(demo => $"demo-{runId}-{demo.Name}").ToArray();

        // The timeout counts from the start, submits included: counted from after them, a slow start (a loaded machine) left
        // the tasks time to end that the timeout did not allow for.
        using var timeout = new CancellationTokenSource(settings.Timeout, time);
        output.WriteLine($"run {runId}: submitting {demos.Count} agent tasks for user '{DemoTask.UserId}' (task ids demo-{runId}-<name>)");
        var latest = await Task.WhenAll(demos.Select((demo, i) => grains.GetGrain<IAgentTaskGrain>(ids[i]).SubmitAsync(demo.Request))).ConfigureAwait(false);

        var printed = new string?[demos.Count];
        for (var i = 0; i < demos.Count; i++)
        {
            printed[i] = DemoFormat.Status(demos[i].Name, latest[i]);
            output.WriteLine(printed[i]!);
        }

        // Each task's persisted events (AgentClient.WatchEventsAsync) after the submit's: every transition and progress
        // report as it happens, ending at its terminal status.
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var gate = new Lock();
        Task? cancellation = null;

        // A watch ends early, without an error, when the timeout cancels it: what is left unfinished says so.
        await Task.WhenAll(demos.Select((demo, i) => WatchAsync(demo, i))).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (demos.Zip(latest).Where(p => !p.Second.Status.IsTerminal()).Select(p => $"{p.First.Name} ({p.Second.Status})").ToList() is { Count: > 0 } unfinished)
        {
            output.WriteLine(timeout.IsCancellationRequested
                ? $"timed out after {settings.Timeout}; not ended: {string.Join(", ", unfinished)}"
                : $"a watch ended before its task did; not ended: {string.Join(", ", unfinished)}");
            return HostExitCode.Failure;
        }

        if (cancellation is not null)
        {
            await cancellation.ConfigureAwait(false);
        }

        return Conclude([.. demos], latest, time.GetElapsedTime(started));

        async Task WatchAsync(DemoTask demo, int i)
        {
            try
            {
                await foreach (var change in agents.WatchEventsAsync(ids[i], latest[i].Sequence, watching.Token).ConfigureAwait(false))
                {
                    Show(demo, i, change);
                }
            }
            catch (OperationCanceledException) when (watching.IsCancellationRequested)
            {
                // The timeout (or Ctrl+C) ended the watch: what is left unfinished is reported below.
            }
        }

        void Show(DemoTask demo, int i, AgentTaskEvent change)
        {
            lock (gate)
            {
                var snapshot = latest[i] = change.ApplyTo(latest[i]);
                var line = DemoFormat.Status(demo.Name, snapshot);
                if (line != printed[i])
                {
                    printed[i] = line;
                    output.WriteLine(line);
                }

                if (demo.CancelAtPercent is { } percent && cancellation is null && !snapshot.Status.IsTerminal() && snapshot.Progress.Percent >= percent)
                {
                    output.WriteLine($"{demo.Name}: cancelling at {snapshot.Progress.Percent.ToString("0", CultureInfo.InvariantCulture)}%");
                    cancellation = agents.CancelAsync(ids[i]);
                }
            }
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
