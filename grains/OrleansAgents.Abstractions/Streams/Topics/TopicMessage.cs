using System.Text.Json;

namespace OrleansAgents.Streams.Topics;

/// <summary>One message published on a topic.</summary>
/// <param name="Topic">The topic it was published on (useful with pattern subscriptions).</param>
/// <param name="Payload">The payload as JSON.</param>
[GenerateSerializer, Immutable, Alias("oa.TopicMessage")]
public sealed record TopicMessage([property: Id(0)] string Topic, [property: Id(1)] JsonElement Payload)
{
    /// <summary>Deserializes the payload.</summary>
    public T? GetPayload<T>(JsonSerializerOptions? options = null) =>
        Payload.ValueKind == JsonValueKind.Undefined ? default : Payload.Deserialize<T>(options);
}
