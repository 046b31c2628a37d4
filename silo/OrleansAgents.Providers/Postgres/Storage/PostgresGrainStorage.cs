using System.Globalization;
using System.Runtime.InteropServices;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace OrleansAgents.Hosting;

/// <summary>
/// The project's grain storage on Npgsql (<see cref="AgentPostgresGrainStorage.Npgsql"/>): Orleans' grain-storage
/// serializer into <c>orleans_grain_state.payload</c> (bytea), the row's <c>version</c> as the ETag, optimistic
/// concurrency with the ADO.NET provider's semantics (an ETag mismatch is an <see cref="InconsistentStateException"/>
/// and changes nothing), writes group-committed across grains by <see cref="PostgresStateWriter"/>.
/// </summary>
internal sealed class PostgresGrainStorage(
    string name, PostgresStateTable table, IGrainStorageSerializer serializer, IActivatorProvider activators, string serviceId, bool deleteStateOnClear)
    : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = PostgresStateKey.For(stateName, grainId);
        (byte[]? Payload, int Version)? row;
        try
        {
            row = await table.Reader.ReadAsync(key).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            throw Failure("read", stateName, grainId, exception);
        }

        grainState.ETag = row?.Version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = row?.Payload is not null;
        grainState.State = row?.Payload is { } payload ? serializer.Deserialize<T>(new BinaryData(payload)) ?? Create<T>() : Create<T>();
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var serialized = serializer.Serialize(grainState.State).ToMemory();
        // The silo's serializer (ExactSizeGrainStorageSerializer) hands over an array of exactly the state's size: use it, not a copy.
        var payload = MemoryMarshal.TryGetArray(serialized, out var whole) && whole.Offset == 0 && whole.Count == whole.Array!.Length ? whole.Array : serialized.ToArray();
        var version = await ApplyAsync("WriteState", stateName, grainId, grainState.ETag, payload, delete: false).ConfigureAwait(false);
        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (!grainState.RecordExists && string.IsNullOrWhiteSpace(grainState.ETag))
        {
            // As Orleans' ADO.NET provider: a grain that holds no ETag learns whether a row exists first.
            await ReadStateAsync(stateName, grainId, grainState).ConfigureAwait(false);
            if (!grainState.RecordExists)
            {
                return;
            }
        }

        var version = await ApplyAsync("ClearState", stateName, grainId, grainState.ETag, payload: null, deleteStateOnClear).ConfigureAwait(false);
        grainState.ETag = deleteStateOnClear ? null : version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = false;
        grainState.State = Create<T>();
    }

    private async Task<int> ApplyAsync(string operation, string stateName, GrainId grainId, string? etag, byte[]? payload, bool delete)
    {
        int? expected = string.IsNullOrWhiteSpace(etag) ? null
            : int.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed
            : throw Conflict(operation, stateName, grainId, etag);
        int? version;
        try
        {
            version = await table.Writer.ApplyAsync(new PostgresStateOperation(PostgresStateKey.For(stateName, grainId), payload, expected, delete)).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            throw Failure(operation == "WriteState" ? "write" : "clear", stateName, grainId, exception);
        }

        return version ?? throw Conflict(operation, stateName, grainId, etag);
    }

    /// <summary>The message of Orleans' own providers, so that logs read the same whichever storage wrote them.</summary>
    private InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, string? etag) =>
        new($"Version conflict ({operation}): ServiceId={serviceId} ProviderName={name} GrainType={stateName} GrainId={grainId} ETag={etag}.");

    private PostgresGrainStorageException Failure(string verb, string stateName, GrainId grainId, Exception exception) =>
        new($"PostgreSQL grain storage '{name}' could not {verb} state '{stateName}' of grain {grainId}: {exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")}") { DriverException = exception };

    private T Create<T>() => activators.GetActivator<T>().Create();
}
