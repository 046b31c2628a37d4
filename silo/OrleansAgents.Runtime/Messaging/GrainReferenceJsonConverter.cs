using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansAgents.Runtime;

/// <summary>
/// Serializes grain references as <c>{"grain":"type/key","interface":"wire name"}</c> and turns them back
/// into references bound to the reading runtime, so references can be passed as arguments and kept in state.
/// </summary>
internal sealed class GrainReferenceJsonConverter(GrainReferenceFactory factory) : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsInterface && typeof(IAddressable).IsAssignableFrom(typeToConvert);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert), factory)!;

    private sealed class Converter<T>(GrainReferenceFactory factory) : JsonConverter<T>
        where T : class
    {
        public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            string? grain = null;
            string? iface = null;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("A grain reference must be a JSON object.");
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var property = reader.GetString();
                reader.Read();
                if (property == "grain")
                {
                    grain = reader.GetString();
                }
                else if (property == "interface")
                {
                    iface = reader.GetString();
                }
            }

            if (grain is null)
            {
                throw new JsonException("A grain reference needs a 'grain' property.");
            }

            var descriptor = (iface is null ? null : GrainInterfaceDescriptor.FindByWireName(iface))
                ?? (GrainInterfaceDescriptor.IsGrainInterface(typeToConvert) ? GrainInterfaceDescriptor.Get(typeToConvert) : null)
                ?? throw new JsonException($"Grain interface '{iface}' is not known in this process.");
            return (T)factory.GetGrain(descriptor.InterfaceType, GrainId.Parse(grain));
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            if (value is not GrainReferenceProxy reference)
            {
                throw new JsonException($"Only grain references can be serialized as {typeof(T).Name}; got {value.GetType().FullName}. Pass the grain's reference, not the grain object.");
            }

            writer.WriteStartObject();
            writer.WriteString("grain", reference.GrainId.ToString());
            writer.WriteString("interface", reference.Descriptor.WireName);
            writer.WriteEndObject();
        }
    }
}
