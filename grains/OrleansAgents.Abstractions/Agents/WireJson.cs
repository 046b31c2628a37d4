using System.Text.Json;

namespace OrleansAgents.Agents;

/// <summary>
/// JSON values in wire contracts are always defined: an unset <see cref="JsonElement"/> (<see cref="JsonValueKind.Undefined"/>)
/// cannot be written by System.Text.Json, so contracts store JSON <c>null</c> in its place.
/// </summary>
internal static class WireJson
{
    private static readonly JsonElement Null = JsonDocument.Parse("null").RootElement.Clone();

    public static JsonElement Defined(JsonElement value) => value.ValueKind == JsonValueKind.Undefined ? Null : value;
}
