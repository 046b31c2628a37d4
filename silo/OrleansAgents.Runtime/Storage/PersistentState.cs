using System.Text.Json;

namespace OrleansAgents.Runtime;

/// <summary>A grain's named state bound to a storage provider, serialized with System.Text.Json.</summary>
internal sealed class PersistentState<TState>(string stateName, GrainId grainId, IGrainStorage storage, JsonSerializerOptions json)
    : IPersistentState<TState>, IStateLoader
{
    public TState State { get; set; } = CreateEmpty();

    public string? Etag { get; private set; }

    public bool RecordExists => Etag is not null;

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
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
        var bytes = JsonSerializer.SerializeToUtf8Bytes(State, json);
        Etag = await storage.WriteAsync(stateName, grainId, bytes, Etag, cancellationToken).ConfigureAwait(true);
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        await storage.ClearAsync(stateName, grainId, Etag, cancellationToken).ConfigureAwait(true);
        Etag = null;
        State = CreateEmpty();
    }

    private static TState CreateEmpty() =>
        typeof(TState).IsValueType || typeof(TState).GetConstructor(Type.EmptyTypes) is not null
            ? Activator.CreateInstance<TState>()
            : default!;
}
