using OrleansAgents.Agents;
using OrleansAgents.Cli.Backends;
using Spectre.Console;

namespace OrleansAgents.Cli.Output;

/// <summary>Follows a task to its end: a live progress bar on a terminal, a line per update otherwise, JSON lines with <c>--json</c>.</summary>
internal static class TaskFollower
{
    /// <summary>Follows the task from after <paramref name="afterSequence"/> and returns the exit code of how it ended.</summary>
    public static async Task<int> FollowAsync(IAgentBackend backend, string taskId, long afterSequence, CliOutput output, CancellationToken cancellationToken)
    {
        TaskUpdate? last = null;
        if (output.Interactive && !output.Json)
        {
            await output.Console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var bar = context.AddTask(Markup.Escape(taskId), maxValue: 100);
                    await foreach (var update in backend.WatchAsync(taskId, afterSequence, cancellationToken).ConfigureAwait(false))
                    {
                        last = update;
                        bar.Value = update.Progress.Percent;
                        bar.Description = Markup.Escape($"{taskId} {update.Status} {update.Progress.Message}".TrimEnd());
                    }

                    bar.StopTask();
                }).ConfigureAwait(false);
        }
        else
        {
            await foreach (var update in backend.WatchAsync(taskId, afterSequence, cancellationToken).ConfigureAwait(false))
            {
                last = update;
                if (output.Json)
                {
                    output.WriteJson(update);
                }
                else
                {
                    output.WriteLine(TaskView.Line(update));
                }
            }
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return CliExitCode.Interrupted;
        }

        if (last is null || !last.Status.IsTerminal())
        {
            throw new CliException(CliExitCode.Unavailable, $"The watch of task {taskId} ended before the task did.");
        }

        if (!output.Json)
        {
            TaskView.WriteEnd(output, last);
        }

        return CliExitCode.For(last.Status);
    }
}
