using OrleansAgents.Streams;

namespace OrleansAgents.Runtime;

/// <summary>
/// Where a provider keeps the events of one stream: the seam between a stream's rendezvous grain (subscriptions,
/// pumps) and the provider's storage of events. It assigns the sequence numbers (<see cref="StreamSequenceToken"/>s)
/// and serves subscriptions that start from a token. The in-memory provider keeps a bounded window in the stream's
/// activation (<see cref="MemoryStreamQueue"/>); a durable provider appends to a table (its sequence from the
/// database) and reads back from any retained position, which makes it rewindable across activations and silos.
/// </summary>
internal interface IStreamQueue
{
    /// <summary>Whether <see cref="ReadFromAsync"/> can serve earlier positions at all.</summary>
    bool IsRewindable { get; }

    /// <summary>The sequence number of the last event appended (or the position before the first).</summary>
    long LastSequence { get; }

    /// <summary>Appends a batch and returns its entries with their sequence numbers, in order.</summary>
    ValueTask<StreamEntry[]> AppendAsync(StreamBatch batch, CancellationToken cancellationToken);

    /// <summary>The retained entries from <paramref name="fromSequence"/> on, in order.</summary>
    /// <exception cref="StreamRewindException">The position is not (or no longer) retained.</exception>
    ValueTask<IReadOnlyList<StreamEntry>> ReadFromAsync(long fromSequence, CancellationToken cancellationToken);
}

/// <summary>Opens the queue of one stream for a provider; registered per provider name.</summary>
internal interface IStreamQueueFactory
{
    /// <summary>
    /// Opens the queue of <paramref name="stream"/>. <paramref name="epoch"/> counts the stream's activations (from the
    /// pub-sub store), for queues whose sequence numbers live in memory and must still grow across activations.
    /// </summary>
    ValueTask<IStreamQueue> OpenAsync(string provider, StreamId stream, long epoch, CancellationToken cancellationToken);
}
