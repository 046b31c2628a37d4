using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansAgents.Agents.Samples;

/// <summary>Returns its input unchanged.</summary>
public sealed class EchoAgent : IAgent
{
    /// <inheritdoc />
    public Task<AgentResult> RunAsync(AgentContext context) => Task.FromResult(AgentResult.FromJson(context.Input));
}

/// <summary>Doubles a number.</summary>
public sealed class DoublerAgent : Agent<double>
{
    /// <inheritdoc />
    protected override Task<AgentResult> RunAsync(double input, AgentContext context) => Task.FromResult(AgentResult.From(input * 2));
}

/// <summary>Adds one to a number.</summary>
public sealed class IncrementerAgent : Agent<double>
{
    /// <inheritdoc />
    protected override Task<AgentResult> RunAsync(double input, AgentContext context) => Task.FromResult(AgentResult.From(input + 1));
}

/// <summary>Fans a list out: one child task per element (an empty list ends the route).</summary>
public sealed class SplitterAgent : IAgent
{
    /// <inheritdoc />
    public Task<AgentResult> RunAsync(AgentContext context)
    {
        var items = context.GetInput<JsonElement[]>() ?? [];
        return Task.FromResult(items.Length == 0 ? AgentResult.Empty : AgentResult.FanOut(items.Cast<object?>()));
    }
}

/// <summary>Throws an <see cref="ArgumentException"/> (a ValueError): fatal, never retried.</summary>
public sealed class ValueErrorAgent : IAgent
{
    /// <inheritdoc />
    public Task<AgentResult> RunAsync(AgentContext context) => throw new ArgumentException($"invalid value: {context.Input.GetRawText()}");
}

/// <summary>Input for <see cref="FlakyAgent"/>.</summary>
/// <param name="FailAttempts">How many attempts fail before one succeeds.</param>
/// <param name="Value">What the successful attempt returns.</param>
public sealed record FlakyInput(int FailAttempts, string Value);

/// <summary>Runs out of memory on its first attempts (recoverable, so retried), then succeeds.</summary>
public sealed class FlakyAgent : Agent<FlakyInput>
{
    /// <inheritdoc />
    protected override Task<AgentResult> RunAsync(FlakyInput input, AgentContext context) =>
        context.Attempt <= input.FailAttempts
            ? throw new OutOfMemoryException($"simulated out-of-memory on attempt {context.Attempt}")
            : Task.FromResult(AgentResult.From(new { input.Value, attempts = context.Attempt }));
}

/// <summary>Input for <see cref="SlowAgent"/>.</summary>
/// <param name="Steps">How many steps to work through.</param>
/// <param name="StepMilliseconds">How long each step takes.</param>
/// <param name="IgnoreCancellation">Whether the agent keeps going when cancelled (to exercise forced cancellation).</param>
public sealed record SlowInput(int Steps, int StepMilliseconds, bool IgnoreCancellation = false);

/// <summary>Works through steps, reporting progress after each; stops when cancelled (unless told not to).</summary>
public sealed class SlowAgent(TimeProvider time) : Agent<SlowInput>
{
    /// <inheritdoc />
    protected override async Task<AgentResult> RunAsync(SlowInput input, AgentContext context)
    {
        for (var step = 1; step <= input.Steps; step++)
        {
            var token = input.IgnoreCancellation ? CancellationToken.None : context.CancellationToken;
            await Task.Delay(TimeSpan.FromMilliseconds(input.StepMilliseconds), time, token);
            await context.ReportProgressAsync(100.0 * step / input.Steps, $"step {step} of {input.Steps}");
        }

        return AgentResult.From(new { steps = input.Steps });
    }
}

/// <summary>Branches on its input: <c>{"mode":"upper","text":...}</c>, <c>"reverse"</c>, <c>"skip"</c> (empty result) or anything else (echo).</summary>
public sealed class ConditionalAgent : IAgent
{
    /// <inheritdoc />
    public Task<AgentResult> RunAsync(AgentContext context)
    {
        var node = JsonNode.Parse(context.Input.GetRawText()) as JsonObject ?? throw new ArgumentException("conditional expects an object with 'mode' and 'text'");
        var text = node["text"]?.GetValue<string>() ?? string.Empty;
        return Task.FromResult(node["mode"]?.GetValue<string>() switch
        {
            "upper" => AgentResult.From(text.ToUpperInvariant()),
            "reverse" => AgentResult.From(Reverse(text)),
            "skip" => AgentResult.Empty,
            _ => AgentResult.From(text),
        });
    }

    /// <summary>Reverses the user-perceived characters (grapheme clusters), so emoji and combining marks survive.</summary>
    private static string Reverse(string text)
    {
        var elements = new List<string>();
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            elements.Add(enumerator.GetTextElement());
        }

        elements.Reverse();
        return string.Concat(elements);
    }
}

/// <summary>Remembers what it was told and answers with everything it remembers (agent memory across tasks).</summary>
public sealed class NotebookAgent : Agent<string>
{
    /// <inheritdoc />
    protected override async Task<AgentResult> RunAsync(string input, AgentContext context)
    {
        await context.Memory.AppendAsync("user", input);
        var entries = await context.Memory.ReadAsync();
        return AgentResult.From(entries.Select(e => e.Content).ToArray());
    }
}
