using OrleansAgents.Hosting;
using OrleansAgents.Streams;

namespace OrleansAgents.Runtime;

/// <summary>
/// The in-memory provider's queue of one stream, living in the stream's activation: sequence numbers
/// <c>epoch &lt;&lt; 32 | n</c> (they grow across activations) and a replay window of the last
/// <see cref="MemoryStreamOptions.ReplayWindowSize"/> events of this activation.
/// </summary>
internal sealed class MemoryStreamQueue(string provider, StreamId stream, long epoch, int windowSize) : IStreamQueue
{
    private readonly Queue<StreamEntry> _window = new();
    private long _floor = (epoch << 32) + 1;

    public bool IsRewindable => windowSize > 0;

    public long LastSequence { get; private set; } = epoch << 32;

    public ValueTask<StreamEntry[]> AppendAsync(StreamBatch batch, CancellationToken cancellationToken)
    {
        StreamEntry[] entries;
        if (batch.Kind == StreamDeliveryKind.Items)
        {
            entries = new StreamEntry[batch.Items.Length];
            for (var i = 0; i < entries.Length; i++)
            {
                entries[i] = new StreamEntry(++LastSequence, batch.Items[i]);
            }
        }
        else
        {
            entries = [new StreamEntry(++LastSequence, null, batch.Kind, batch.Error)];
        }

        if (windowSize > 0)
        {
            foreach (var entry in entries)
            {
                _window.Enqueue(entry);
            }

            while (_window.Count > windowSize)
            {
                _floor = _window.Dequeue().Sequence + 1;
            }
        }

        return ValueTask.FromResult(entries);
    }

    public ValueTask<IReadOnlyList<StreamEntry>> ReadFromAsync(long fromSequence, CancellationToken cancellationToken)
    {
        if (!IsRewindable)
        {
            throw new StreamRewindException($"Stream provider '{provider}' is not rewindable ({nameof(MemoryStreamOptions)}.{nameof(MemoryStreamOptions.ReplayWindowSize)} is 0).");
        }

        if (fromSequence < _floor || fromSequence > LastSequence + 1)
        {
            throw new StreamRewindException($"Stream {provider}:{stream} cannot deliver from sequence {fromSequence}: the in-memory replay window holds {_floor}..{LastSequence} (the last {windowSize} events of the stream's current activation).");
        }

        return ValueTask.FromResult<IReadOnlyList<StreamEntry>>([.. _window.Where(e => e.Sequence >= fromSequence)]);
    }
}

/// <summary>Opens <see cref="MemoryStreamQueue"/>s with the provider's options.</summary>
internal sealed class MemoryStreamQueueFactory(Microsoft.Extensions.Options.IOptionsMonitor<MemoryStreamOptions> options) : IStreamQueueFactory
{
    public ValueTask<IStreamQueue> OpenAsync(string provider, StreamId stream, long epoch, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IStreamQueue>(new MemoryStreamQueue(provider, stream, epoch, options.Get(provider).ReplayWindowSize));
}
