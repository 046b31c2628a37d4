using System.CommandLine;
using OrleansAgents.Cli;
using OrleansAgents.Cli.Commands;

var options = new GlobalOptions();
var root = new RootCommand("oa: run and follow OrleansAgents tasks through the Orleans client or an HTTP gateway. Exit codes: 0 succeeded, 1 error, 2 usage, 3 failed, 4 cancelled, 5 timed out, 6 not found, 7 unreachable, 8 unauthorized, 9 not finished, 130 interrupted.");
options.AddTo(root);
foreach (var command in (Command[])
[
    TaskCommands.Submit(options),
    TaskCommands.Watch(options),
    TaskCommands.Get(options),
    TaskCommands.List(options),
    TaskCommands.Cancel(options),
    AgentAndTopicCommands.Agents(options),
    AgentAndTopicCommands.Publish(options),
    AgentAndTopicCommands.Subscribe(options),
    McpCommand.Create(options),
])
{
    root.Subcommands.Add(command);
}

var parse = root.Parse(args);
if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine($"oa: {error.Message}");
    }

    Console.Error.WriteLine("oa: see 'oa --help'.");
    return CliExitCode.Usage;
}

return await parse.InvokeAsync().ConfigureAwait(false);
