using System.CommandLine;
using OrleansAgents.Cli.Output;

namespace OrleansAgents.Cli.Commands;

/// <summary><c>agents</c>, <c>publish</c> and <c>subscribe</c>.</summary>
internal static class AgentAndTopicCommands
{
    public static Command Agents(GlobalOptions options)
    {
        var command = new Command("agents", "List the registered agents with their input JSON Schemas.");
        CommandRunner.SetAction(command, options, async (parse, backend, output, cancellationToken) =>
        {
            TaskView.WriteAgents(output, await backend.ListAgentsAsync(cancellationToken).ConfigureAwait(false));
            return CliExitCode.Success;
        });
        return command;
    }

    public static Command Publish(GlobalOptions options)
    {
        var topic = new Argument<string>("topic") { Description = "The topic (dot-separated words, e.g. orders.created)." };
        var payload = new Argument<string>("payload") { Description = "The message as JSON; - reads it from standard input." };
        var command = new Command("publish", "Publish a message on a topic.") { topic, payload };
        CommandRunner.SetAction(command, options, async (parse, backend, output, cancellationToken) =>
        {
            var name = parse.GetValue(topic)!;
            var message = JsonArgument.Parse(parse.GetValue(payload), "payload");
            await backend.PublishAsync(name, message, cancellationToken).ConfigureAwait(false);
            if (output.Json)
            {
                output.WriteJson(new { topic = name, published = true });
            }
            else
            {
                output.WriteLine($"Published to {name}");
            }

            return CliExitCode.Success;
        });
        return command;
    }

    public static Command Subscribe(GlobalOptions options)
    {
        var topics = new Argument<string[]>("topics") { Description = "Topics or patterns (news.*, orders.#) to read.", Arity = ArgumentArity.OneOrMore };
        var count = new Option<int?>("--count") { Description = "Stop after this many messages (default: until Ctrl+C)." };
        var command = new Command("subscribe", "Print the messages published on topics as they arrive.") { topics, count };
        CommandRunner.SetAction(command, options, async (parse, backend, output, cancellationToken) =>
        {
            var limit = parse.GetValue(count);
            if (limit is <= 0)
            {
                throw new CliException(CliExitCode.Usage, $"--count must be positive (was {limit}).");
            }

            var received = 0;
            await foreach (var message in backend.SubscribeAsync(parse.GetValue(topics)!, cancellationToken).ConfigureAwait(false))
            {
                if (output.Json)
                {
                    output.WriteJson(message);
                }
                else
                {
                    output.WriteLine($"{message.Topic}: {message.Payload.GetRawText()}");
                }

                if (++received == limit)
                {
                    break;
                }
            }

            return CliExitCode.Success;
        });
        return command;
    }
}
