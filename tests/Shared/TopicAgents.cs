using OrleansAgents.Agents;

// Shared by Streams.Tests and Client.Tests (linked into both).
namespace OrleansAgents.Tests.Shared;

/// <summary>Publishes <c>{ "task": id }</c> on the topic named by its input.</summary>
internal sealed class TopicPublishingAgent : Agent<string>
{
    public const string Name = "topic-publisher";

    protected override async Task<AgentResult> RunAsync(string input, AgentContext context)
    {
        await context.PublishAsync(input, new { task = context.TaskId });
        return AgentResult.Empty;
    }
}

/// <summary>Subscribes to the topic pattern named by its input and returns the payload of the first message.</summary>
internal sealed class TopicListeningAgent : Agent<string>
{
    public const string Name = "topic-listener";

    protected override async Task<AgentResult> RunAsync(string input, AgentContext context)
    {
        await foreach (var message in context.SubscribeAsync([input]))
        {
            return AgentResult.From(message.GetPayload<string>());
        }

        throw new OperationCanceledException("The subscription ended before a message arrived.");
    }
}
