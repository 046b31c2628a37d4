using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Serialization;

namespace OrleansAgents.Hosting;

/// <summary>Registers what agent contracts need from Orleans serialization, on silos and clients alike.</summary>
public static class AgentSerializerBuilderExtensions
{
    /// <summary>
    /// Lets <see cref="JsonElement"/> and <see cref="JsonNode"/> values (agent input and output, input schemas) cross
    /// the wire through Microsoft.Orleans.Serialization.SystemTextJson. Every other contract type is
    /// <c>[GenerateSerializer]</c>. Registering twice is harmless.
    /// </summary>
    public static ISerializerBuilder AddAgentContracts(this ISerializerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddJsonSerializer(isSupported: IsJsonType);
    }

    private static bool IsJsonType(Type type) => typeof(JsonNode).IsAssignableFrom(type);
}
