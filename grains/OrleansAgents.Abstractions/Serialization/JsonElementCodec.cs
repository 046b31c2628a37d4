using System.Buffers;
using System.Text.Json;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Cloning;
using Orleans.Serialization.Codecs;
using Orleans.Serialization.WireProtocol;

namespace OrleansAgents.Serialization;

/// <summary>
/// Writes a <see cref="JsonElement"/> as its raw UTF-8 JSON (length-prefixed; empty for an unset element), and reads it
/// back as a self-owned element. Agent input and output are JSON already: this skips the type header and the
/// re-serialization a generalized codec pays, and keeps an unset element unset.
/// </summary>
[RegisterSerializer]
internal sealed class JsonElementCodec : IFieldCodec<JsonElement>
{
    public void WriteField<TBufferWriter>(ref Writer<TBufferWriter> writer, uint fieldIdDelta, Type? expectedType, JsonElement value)
        where TBufferWriter : IBufferWriter<byte>
    {
        ReferenceCodec.MarkValueField(writer.Session);
        writer.WriteFieldHeader(fieldIdDelta, expectedType, typeof(JsonElement), WireType.LengthPrefixed);
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            writer.WriteVarUInt32(0);
            return;
        }

        // One buffer and JSON writer per thread, reused: writing an element calls nothing that could write another.
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>();
        var json = t_json ??= new Utf8JsonWriter(buffer);
        try
        {
            value.WriteTo(json);
            json.Flush();
            writer.WriteVarUInt32((uint)buffer.WrittenCount);
            writer.Write(buffer.WrittenSpan);
        }
        finally
        {
            json.Reset(buffer);
            if (buffer.Capacity > MaxRetainedBytes)
            {
                t_buffer = null;
                t_json = null;
            }
            else
            {
                buffer.ResetWrittenCount();
            }
        }
    }

    /// <summary>A thread keeps its buffer for the next element unless an element made it larger than this.</summary>
    private const int MaxRetainedBytes = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_json;

    public JsonElement ReadValue<TInput>(ref Reader<TInput> reader, Field field)
    {
        ReferenceCodec.MarkValueField(reader.Session);
        field.EnsureWireType(WireType.LengthPrefixed);
        var length = (int)reader.ReadVarUInt32();
        if (length == 0)
        {
            return default;
        }

        var bytes = reader.ReadBytes((uint)length);
        var json = new Utf8JsonReader(bytes);
        try
        {
            return JsonElement.ParseValue(ref json);
        }
        catch (JsonException exception)
        {
            // JSON nested deeper than the reader allows (64 levels): the caller's input is invalid, which callers know
            // as an ArgumentException (System.Text.Json's JsonReaderException is internal to it).
            throw new ArgumentException($"The JSON value cannot be read (it may be nested deeper than the maximum depth of {json.CurrentState.Options.MaxDepth}): {exception.Message}", exception);
        }
    }
}

/// <summary>A <see cref="JsonElement"/> is immutable once parsed (its document is self-owned): the copy is the value itself.</summary>
[RegisterCopier]
internal sealed class JsonElementCopier : IDeepCopier<JsonElement>
{
    public JsonElement DeepCopy(JsonElement input, CopyContext context) => input;
}
