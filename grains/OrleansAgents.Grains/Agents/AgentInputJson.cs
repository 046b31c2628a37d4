using System.Text.Json;

namespace OrleansAgents.Agents;

/// <summary>How a typed agent's JSON input is read: property names match case-insensitively (an HTTP or MCP caller sends <c>{"steps":3}</c> for <c>Steps</c>).</summary>
internal static class AgentInputJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.General) { PropertyNameCaseInsensitive = true };
}
