using OrleansAgents.Agents;

namespace OrleansAgents.Grains.Tests.TestAgents;

/// <summary>Input of <see cref="RememberingFlakyAgent"/>.</summary>
internal sealed record RememberingInput(string Note, int FailAttempts);

/// <summary>
/// Appends its note (and, from the second attempt on, a line naming the attempt) to its memory, then fails with a
/// retryable error on its first <see cref="RememberingInput.FailAttempts"/> attempts; returns what its memory holds.
/// </summary>
internal sealed class RememberingFlakyAgent : Agent<RememberingInput>
{
    public const string Name = "remember-flaky";

    protected override async Task<AgentResult> RunAsync(RememberingInput input, AgentContext context)
    {
        await context.Memory.AppendAsync("user", input.Note);
        if (context.Attempt > 1)
        {
            await context.Memory.AppendAsync("note", $"attempt {context.Attempt}");
        }

        if (context.Attempt <= input.FailAttempts)
        {
            throw new OutOfMemoryException($"simulated out-of-memory on attempt {context.Attempt}");
        }

        var memory = await context.Memory.ReadAsync();
        return AgentResult.From(memory.Select(e => e.Content).ToArray());
    }
}
