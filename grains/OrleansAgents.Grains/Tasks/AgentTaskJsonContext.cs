using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansAgents.Agents;

/// <summary>
/// Source-generated JSON for what a task persists (its snapshot and request fingerprint), so the writes of every task take the generated fast path
/// instead of the reflection serializer. Default (General) options: the same shape the runtime's options produce.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.General)]
[JsonSerializable(typeof(AgentTaskSnapshot))]
[JsonSerializable(typeof(RequestFingerprint))]
internal sealed partial class AgentTaskJsonContext : JsonSerializerContext;
