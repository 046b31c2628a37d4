using System.Text.Json;

namespace OrleansAgents.Agents;

/// <summary>A registered agent as listed to clients.</summary>
/// <param name="Name">The name tasks use.</param>
/// <param name="Description">What it does.</param>
/// <param name="InputSchema">The JSON Schema of its input.</param>
public sealed record AgentDescriptor(string Name, string Description, JsonElement InputSchema);
