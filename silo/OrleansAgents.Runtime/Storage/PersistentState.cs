using System.Text.Json;

namespace OrleansAgents.Runtime;

/// <summary>A grain's named state bound to a storage provider, serialized with System.Text.Json.</summary>
internal sealed class PersistentState<TState>(string stateName, GrainId grainId, IGrainStorage storage, JsonSerializerOptions json)
    : IPersistentState<TState>, IStateLoader
{
    [ThreadStatic]
    private static (JsonSerializerOptions Options, Utf8JsonWriter Writer)? _threadWriter;

    public TState State { get; set; } = CreateEmpty();

    public string? Etag { get; private set; }

    public bool RecordExists => Etag is not null;

    /// <summary>Why the state was cut off from storage (see <see cref="Fence"/>); <c>null</c> while it is not.</summary>
    private volatile string? _fenced;

    public void Fence(string reason) => _fenced = reason;

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfFenced();
        var record = await storage.ReadAsync(stateName, grainId, cancellationToken).ConfigureAwait(true);
        if (record is null)
        {
            State = CreateEmpty();
            Etag = null;
            return;
        }

        State = JsonSerializer.Deserialize<TState>(record.Json.Span, json) ?? CreateEmpty();
        Etag = record.ETag;
    }

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfFenced();
        // Serialized into a pooled buffer: providers copy what they keep (the in-memory one) or send it (PostgreSQL).
        using var buffer = new PooledJsonBuffer();
        var writer = RentWriter(buffer);
        try
        {
            JsonSerializer.Serialize(writer, State, json);
        }
        finally
        {
            writer.Reset();
        }

        Etag = await storage.WriteAsync(stateName, grainId, buffer.WrittenMemory, Etag, cancellationToken).ConfigureAwait(true);
    }

    private void ThrowIfFenced()
    {
        if (_fenced is { } reason)
        {
            throw new SiloUnavailableException($"State '{stateName}' of grain {grainId} can no longer reach storage: {reason}.");
        }
    }

    /// <summary>
    /// This thread's writer for these serializer options, pointed at <paramref name="buffer"/>. Serialization is
    /// synchronous, so one writer per thread serves every state; <see cref="Utf8JsonWriter.Reset()"/> detaches it.
    /// </summary>
    private Utf8JsonWriter RentWriter(PooledJsonBuffer buffer)
    {
        if (_threadWriter is { } cached && ReferenceEquals(cached.Options, json))
        {
            cached.Writer.Reset(buffer);
            return cached.Writer;
        }

        var writer = new Utf8JsonWriter(buffer, WriterOptions);
        _threadWriter = (json, writer);
        return writer;
    }

    /// <summary>The writer options <see cref="JsonSerializer.SerializeToUtf8Bytes{TValue}(TValue, JsonSerializerOptions?)"/> derives from the serializer's.</summary>
    private JsonWriterOptions WriterOptions => new()
    {
        Encoder = json.Encoder,
        Indented = json.WriteIndented,
        IndentCharacter = json.IndentCharacter,
        IndentSize = json.IndentSize,
        NewLine = json.NewLine,
        MaxDepth = json.MaxDepth,
        SkipValidation = true,
    };

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfFenced();
        await storage.ClearAsync(stateName, grainId, Etag, cancellationToken).ConfigureAwait(true);
        Etag = null;
        State = CreateEmpty();
    }

    private static TState CreateEmpty() =>
        typeof(TState).IsValueType || typeof(TState).GetConstructor(Type.EmptyTypes) is not null
            ? Activator.CreateInstance<TState>()
            : default!;
}
