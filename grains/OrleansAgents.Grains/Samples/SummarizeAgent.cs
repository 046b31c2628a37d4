using Microsoft.Extensions.AI;

namespace OrleansAgents.Agents.Samples;

/// <summary>Input for <see cref="SummarizeAgent"/>.</summary>
/// <param name="Text">The text to summarize.</param>
/// <param name="MaxWords">A length hint for the model.</param>
public sealed record SummarizeInput(string Text, int MaxWords = 30);

/// <summary>
/// An LLM agent: asks the <see cref="IChatClient"/> from DI for a summary, with the user's earlier exchanges with
/// this agent (its memory) as context, and remembers the new exchange.
/// </summary>
public sealed class SummarizeAgent(IChatClient chat) : Agent<SummarizeInput>
{
    /// <inheritdoc />
    protected override async Task<AgentResult> RunAsync(SummarizeInput input, AgentContext context)
    {
        if (string.IsNullOrWhiteSpace(input.Text))
        {
            throw new ArgumentException("Nothing to summarize: 'text' is empty.");
        }

        var messages = new List<ChatMessage> { new(ChatRole.System, $"Summarize the user's text in at most {input.MaxWords} words.") };
        foreach (var entry in await context.Memory.ReadAsync())
        {
            messages.Add(new ChatMessage(entry.Role == "assistant" ? ChatRole.Assistant : ChatRole.User, entry.Content));
        }

        messages.Add(new ChatMessage(ChatRole.User, input.Text));
        await context.ReportProgressAsync(10, "asking the model");
        var response = await chat.GetResponseAsync(messages, cancellationToken: context.CancellationToken);
        await context.Memory.AppendAsync("user", input.Text);
        await context.Memory.AppendAsync("assistant", response.Text);
        await context.ReportProgressAsync(100, "summarized");
        return AgentResult.From(new { summary = response.Text });
    }
}
