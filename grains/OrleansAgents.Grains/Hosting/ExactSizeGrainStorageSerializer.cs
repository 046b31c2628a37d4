using Orleans.Serialization;
using Orleans.Storage;

namespace OrleansAgents.Hosting;

/// <summary>
/// Orleans' <see cref="OrleansGrainStorageSerializer"/> (the same bytes, the same version tolerance), except that a
/// state is serialized into Orleans' pooled buffer and copied out once at its exact size
/// (<see cref="Serializer.SerializeToArray{T}(T)"/>). Orleans' own serializes into a new growing
/// <c>ArrayBufferWriter</c>: a state of n KB leaves about 2n KB of discarded buffers per write, and a task's state
/// (its events included) is written on every transition and progress report.
/// </summary>
internal sealed class ExactSizeGrainStorageSerializer(Serializer serializer) : IGrainStorageStreamingSerializer
{
    private readonly OrleansGrainStorageSerializer _orleans = new(serializer);

    public BinaryData Serialize<T>(T? input) => new(serializer.SerializeToArray(input));

    public T? Deserialize<T>(BinaryData input) => _orleans.Deserialize<T>(input);

    public ValueTask SerializeAsync<T>(T? input, Stream destination, CancellationToken cancellationToken = default) =>
        _orleans.SerializeAsync(input, destination, cancellationToken);

    public ValueTask<T?> DeserializeAsync<T>(Stream input, CancellationToken cancellationToken = default) =>
        _orleans.DeserializeAsync<T>(input, cancellationToken);
}
