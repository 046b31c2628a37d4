namespace OrleansAgents.Streams;

/// <summary>
/// The position of an event in its stream. Every event delivered to an observer carries one; tokens of one stream
/// grow with each event, so a consumer can remember the last one it handled and subscribe again from the next
/// (<see cref="IAsyncStream{T}.SubscribeAsync(IAsyncObserver{T}, StreamSequenceToken?)"/>) on a rewindable provider.
/// </summary>
/// <param name="SequenceNumber">The position; larger is later within one stream.</param>
public sealed record StreamSequenceToken(long SequenceNumber) : IComparable<StreamSequenceToken>
{
    /// <inheritdoc />
    public int CompareTo(StreamSequenceToken? other) => other is null ? 1 : SequenceNumber.CompareTo(other.SequenceNumber);

    /// <summary>Whether this token is newer than <paramref name="other"/>.</summary>
    public bool Newer(StreamSequenceToken other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return SequenceNumber > other.SequenceNumber;
    }
}
