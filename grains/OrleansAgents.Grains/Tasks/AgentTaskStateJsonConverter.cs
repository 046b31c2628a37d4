using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansAgents.Agents;

/// <summary>
/// Writes and reads <see cref="AgentTaskState"/> as <c>{"Task":...,"Fingerprint":...,"StepInput":...,"StepAttempts":...,"Timeout":...}</c>,
/// the shape the reflection serializer gives it, with every part through <see cref="AgentTaskJsonContext"/>.
/// </summary>
internal sealed class AgentTaskStateJsonConverter : JsonConverter<AgentTaskState>
{
    public override void Write(Utf8JsonWriter writer, AgentTaskState value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WritePropertyName(nameof(AgentTaskState.Task));
        if (value.Task is { } task)
        {
            JsonSerializer.Serialize(writer, task, AgentTaskJsonContext.Default.AgentTaskSnapshot);
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WriteString(nameof(AgentTaskState.Fingerprint), value.Fingerprint);
        writer.WritePropertyName(nameof(AgentTaskState.StepInput));
        if (value.StepInput.ValueKind == JsonValueKind.Undefined)
        {
            writer.WriteNullValue();
        }
        else
        {
            value.StepInput.WriteTo(writer);
        }

        writer.WriteNumber(nameof(AgentTaskState.StepAttempts), value.StepAttempts);
        if (value.Timeout is { } timeout)
        {
            // System.Text.Json's own TimeSpan format: the constant ("c") format.
            writer.WriteString(nameof(AgentTaskState.Timeout), timeout.ToString("c", CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNull(nameof(AgentTaskState.Timeout));
        }

        writer.WriteEndObject();
    }

    public override AgentTaskState Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected an object for {nameof(AgentTaskState)}, found {reader.TokenType}.");
        }

        var state = new AgentTaskState();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var property = reader.GetString();
            reader.Read();
            switch (property)
            {
                case nameof(AgentTaskState.Task):
                    state.Task = JsonSerializer.Deserialize(ref reader, AgentTaskJsonContext.Default.AgentTaskSnapshot);
                    break;
                case nameof(AgentTaskState.Fingerprint):
                    state.Fingerprint = reader.GetString();
                    break;
                case nameof(AgentTaskState.StepInput):
                    state.StepInput = JsonElement.ParseValue(ref reader);
                    break;
                case nameof(AgentTaskState.StepAttempts):
                    state.StepAttempts = reader.GetInt32();
                    break;
                case nameof(AgentTaskState.Timeout):
                    state.Timeout = reader.TokenType == JsonTokenType.Null ? null : TimeSpan.ParseExact(reader.GetString()!, "c", CultureInfo.InvariantCulture);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return state;
    }
}
