using System.Text.Json;

namespace OrleansAgents.Agents;

/// <summary>
/// What an agent returns: one value (the next step's input, or the task's output after the last step), nothing
/// (ends the route successfully), or many values (fans out into one child task per value).
/// </summary>
public sealed class AgentResult
{
    private AgentResult(JsonElement? output, IReadOnlyList<JsonElement>? items)
    {
        Output = output;
        Items = items;
    }

    /// <summary>No result: the route ends here, successfully.</summary>
    public static AgentResult Empty { get; } = new(null, null);

    /// <summary>The single output, or <c>null</c>.</summary>
    public JsonElement? Output { get; }

    /// <summary>The fan-out values, or <c>null</c>.</summary>
    public IReadOnlyList<JsonElement>? Items { get; }

    /// <summary>Whether the route ends here without an output.</summary>
    public bool IsEmpty => Items is null && (Output is null || Output.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined);

    /// <summary>A single value, serialized to JSON; <c>null</c> is <see cref="Empty"/>.</summary>
    public static AgentResult From(object? value) => value is null ? Empty : new(JsonSerializer.SerializeToElement(value), null);

    /// <summary>A single JSON value.</summary>
    public static AgentResult FromJson(JsonElement value) => new(value.Clone(), null);

    /// <summary>Many values: each becomes a child task running the rest of the route.</summary>
    public static AgentResult FanOut(IEnumerable<object?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new(null, [.. values.Select(v => JsonSerializer.SerializeToElement(v))]);
    }
}
