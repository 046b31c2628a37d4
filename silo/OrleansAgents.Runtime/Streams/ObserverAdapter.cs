using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrleansAgents.Streams;

namespace OrleansAgents.Runtime;

/// <summary>Feeds deliveries to a typed observer, one event at a time, in order.</summary>
internal interface IObserverAdapter
{
    Task DeliverAsync(StreamDelivery delivery, StreamProviderRuntime runtime);

    /// <summary>Takes over the last tokens <paramref name="previous"/> was given (a resume without a token replaces the observer, not the position).</summary>
    void ContinueFrom(IObserverAdapter previous);
}

/// <summary>
/// Feeds deliveries to an <see cref="IAsyncObserver{T}"/>; items that crossed the wire are read as <typeparamref name="T"/>.
/// An event whose sequence token is not above the last one this observer was given is dropped: a delivery retried after
/// its first attempt was applied (a lost response), or a frame from a dead silo's pump that arrives after the stream's
/// new activation delivered, so the observer sees each subscription's tokens grow. A resume without a token in the same
/// activation continues from the replaced adapter's tokens (<see cref="ContinueFrom"/>); a resume with a token, or a new
/// activation, starts over, so a rewind replays.
/// </summary>
internal sealed class ObserverAdapter<T>(IAsyncObserver<T> observer) : IObserverAdapter
{
    private string? _key;
    private long _lastSequence = long.MinValue;
    private Dictionary<string, long>? _otherStreams;

    public IAsyncObserver<T> Observer { get; } = observer;

    public async Task DeliverAsync(StreamDelivery delivery, StreamProviderRuntime runtime)
    {
        if (delivery.Kind != StreamDeliveryKind.Items && delivery.Sequences.Length > 0)
        {
            if (delivery.Sequences[0] <= LastOf(delivery.Key))
            {
                return;
            }

            SetLast(delivery.Key, delivery.Sequences[0]);
        }

        switch (delivery.Kind)
        {
            case StreamDeliveryKind.Completed:
                await Guard(Observer.OnCompletedAsync, delivery, runtime).ConfigureAwait(true);
                return;
            case StreamDeliveryKind.Error:
                await Guard(() => Observer.OnErrorAsync(new InvalidOperationException(delivery.Error)), delivery, runtime).ConfigureAwait(true);
                return;
        }

        for (var i = 0; i < delivery.Items.Length; i++)
        {
            var sequence = delivery.Sequences[i];
            if (sequence <= LastOf(delivery.Key))
            {
                continue;
            }

            SetLast(delivery.Key, sequence);
            T item;
            try
            {
                item = Read(delivery.Items[i], runtime.Json);
            }
            catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidCastException)
            {
                StreamLog.EventUnreadable(runtime.Logger, exception, delivery.SubscriptionId, delivery.StreamId(), typeof(T).Name);
                continue;
            }

            var token = new StreamSequenceToken(sequence);
            await Guard(() => Observer.OnNextAsync(item, token), delivery, runtime).ConfigureAwait(true);
        }
    }

    public void ContinueFrom(IObserverAdapter previous)
    {
        if (previous is not ObserverAdapter<T> other)
        {
            return;
        }

        _key = other._key;
        _lastSequence = other._lastSequence;
        _otherStreams = other._otherStreams is null ? null : new(other._otherStreams, StringComparer.Ordinal);
    }

    /// <summary>The last token given for stream <paramref name="key"/> (a pattern subscription spans several streams, each with its own tokens).</summary>
    private long LastOf(string key) =>
        _key is null || string.Equals(key, _key, StringComparison.Ordinal) ? _lastSequence : _otherStreams?.GetValueOrDefault(key, long.MinValue) ?? long.MinValue;

    private void SetLast(string key, long sequence)
    {
        if (_key is null || string.Equals(key, _key, StringComparison.Ordinal))
        {
            _key = key;
            _lastSequence = sequence;
            return;
        }

        (_otherStreams ??= new(StringComparer.Ordinal))[key] = sequence;
    }

    private static T Read(object? value, JsonSerializerOptions json) => value switch
    {
        T typed => typed,
        JsonElement element => element.Deserialize<T>(json)!,
        null => default!,
        _ => throw new InvalidCastException($"The event is a {value.GetType().Name}, not a {typeof(T).Name}."),
    };

    /// <summary>An observer's exception is the subscriber's problem: it is logged and delivery goes on.</summary>
    private static async Task Guard(Func<Task> callback, StreamDelivery delivery, StreamProviderRuntime runtime)
    {
        try
        {
            await callback().ConfigureAwait(true);
        }
        catch (Exception exception)
        {
            StreamLog.ObserverFailed(runtime.Logger, exception, delivery.SubscriptionId, delivery.StreamId());
        }
    }
}
