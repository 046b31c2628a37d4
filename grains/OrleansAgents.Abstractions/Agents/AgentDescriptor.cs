using System.Text.Json;

namespace OrleansAgents.Agents;

/// <summary>A registered agent as listed to clients.</summary>
/// <param name="Name">The name tasks use.</param>
/// <param name="Description">What it does.</param>
/// <param name="InputSchema">The JSON Schema of its input.</param>
[GenerateSerializer, Immutable, Alias("oa.AgentDescriptor")]
public sealed record AgentDescriptor([property: Id(0)] string Name, [property: Id(1)] string Description, [property: Id(2)] JsonElement InputSchema);
