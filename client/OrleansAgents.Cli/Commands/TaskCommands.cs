using System.CommandLine;
using OrleansAgents.Agents;
using OrleansAgents.Cli.Backends;
using OrleansAgents.Cli.Output;

namespace OrleansAgents.Cli.Commands;

/// <summary><c>submit</c>, <c>watch</c>, <c>get</c>, <c>list</c> and <c>cancel</c>.</summary>
internal static class TaskCommands
{
    public static Command Submit(GlobalOptions options)
    {
        var agent = new Argument<string>("agent") { Description = "The agent to run, or a route of agents separated by commas (doubler,incrementer)." };
        var input = new Argument<string?>("input") { Description = "The input as JSON (quote strings: '\"text\"'); - reads it from standard input. Default null.", Arity = ArgumentArity.ZeroOrOne };
        var id = new Option<string?>("--id") { Description = "A task id of your choosing: submitting it again with the same request returns the same task." };
        var timeout = new Option<double?>("--timeout") { Description = "Seconds the task may run before it ends TimedOut (default: the agents' own timeout)." };
        var wait = new Option<bool>("--wait") { Description = "Follow the task to its end, as watch does, and exit with its status's code." };
        var command = new Command("submit", "Submit an agent task.") { agent, input, id, timeout, wait };
        CommandRunner.SetAction(command, options, async (parse, backend, output, cancellationToken) =>
        {
            var route = parse.GetValue(agent)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (route.Length == 0)
            {
                throw new CliException(CliExitCode.Usage, "Name an agent to run.");
            }

            var seconds = parse.GetValue(timeout);
            if (seconds is <= 0)
            {
                throw new CliException(CliExitCode.Usage, $"--timeout must be a positive number of seconds (was {seconds}).");
            }

            var request = new SubmitRequest(route, JsonArgument.Parse(parse.GetValue(input), "input"), parse.GetValue(id), seconds is { } s ? TimeSpan.FromSeconds(s) : null);
            var task = await backend.SubmitAsync(request, cancellationToken).ConfigureAwait(false);
            if (output.Json)
            {
                output.WriteJson(task);
            }
            else
            {
                output.WriteLine($"Submitted task {task.TaskId} ({string.Join(" > ", task.Route)}): {task.Status}");
            }

            // A task that ended within its submit (the silo's inline-completion window) is answered ended: follow from
            // its last event, so the watch shows that end and stops, instead of waiting after it.
            return parse.GetValue(wait)
                ? await TaskFollower.FollowAsync(backend, task.TaskId, task.Status.IsTerminal() ? task.Sequence - 1 : task.Sequence, output, cancellationToken).ConfigureAwait(false)
                : CliExitCode.Success;
        });
        return command;
    }

    public static Command Watch(GlobalOptions options)
    {
        var taskId = new Argument<string>("task-id") { Description = "The task to follow." };
        var command = new Command("watch", "Follow a task with a live progress bar until it ends; the exit code says how it ended.") { taskId };
        CommandRunner.SetAction(command, options, (parse, backend, output, cancellationToken) =>
            TaskFollower.FollowAsync(backend, parse.GetValue(taskId)!, afterSequence: 0, output, cancellationToken));
        return command;
    }

    public static Command Get(GlobalOptions options)
    {
        var taskId = new Argument<string>("task-id") { Description = "The task to read." };
        var command = new Command("get", "Show a task; the exit code says how it ended (9: not yet).") { taskId };
        CommandRunner.SetAction(command, options, async (parse, backend, output, cancellationToken) =>
        {
            var task = await backend.GetAsync(parse.GetValue(taskId)!, cancellationToken).ConfigureAwait(false);
            TaskView.Write(output, task);
            return CliExitCode.For(task.Status);
        });
        return command;
    }

    public static Command List(GlobalOptions options)
    {
        var status = new Option<AgentTaskStatus?>("--status") { Description = "Only tasks with this status." };
        var agent = new Option<string?>("--agent") { Description = "Only tasks whose route runs this agent." };
        var limit = new Option<int>("--limit") { Description = "At most this many tasks, newest first.", DefaultValueFactory = _ => 50 };
        var command = new Command("list", "List your tasks, newest first.") { status, agent, limit };
        CommandRunner.SetAction(command, options, async (parse, backend, output, cancellationToken) =>
        {
            var count = parse.GetValue(limit);
            if (count <= 0)
            {
                throw new CliException(CliExitCode.Usage, $"--limit must be positive (was {count}).");
            }

            TaskView.WriteList(output, await backend.ListAsync(parse.GetValue(status), parse.GetValue(agent), count, cancellationToken).ConfigureAwait(false));
            return CliExitCode.Success;
        });
        return command;
    }

    public static Command Cancel(GlobalOptions options)
    {
        var taskId = new Argument<string>("task-id") { Description = "The task to cancel." };
        var command = new Command("cancel", "Cancel a task (a task that already ended stays as it ended).") { taskId };
        CommandRunner.SetAction(command, options, async (parse, backend, output, cancellationToken) =>
        {
            var task = await backend.CancelAsync(parse.GetValue(taskId)!, cancellationToken).ConfigureAwait(false);
            if (output.Json)
            {
                output.WriteJson(task);
            }
            else
            {
                output.WriteLine($"Task {task.TaskId} {task.Status}");
            }

            return CliExitCode.Success;
        });
        return command;
    }
}
