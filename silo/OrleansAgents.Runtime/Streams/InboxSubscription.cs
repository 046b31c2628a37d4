using OrleansAgents.Streams;

namespace OrleansAgents.Runtime;

/// <summary>
/// One in-process subscription of a client (or of agent code on a silo): a loop that long-polls the subscription's
/// inbox grain and hands each delivery to the observer, one at a time, in order.
/// </summary>
internal sealed class InboxSubscription
{
    private const int MaxDeliveriesPerPoll = 16;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);
    private readonly StreamProviderRuntime _runtime;
    private readonly IStreamInboxGrain _inbox;
    private readonly CancellationTokenSource _stop;
    private volatile IObserverAdapter _observer;
    private Task? _loop;
    private int _ended;

    public InboxSubscription(StreamProviderRuntime runtime, SubscriptionInfo info, IObserverAdapter observer)
    {
        _runtime = runtime;
        Info = info;
        _observer = observer;
        _inbox = runtime.Grains.GetGrain<IStreamInboxGrain>(StreamKeys.Inbox(runtime.Name, info.Id));
        _stop = CancellationTokenSource.CreateLinkedTokenSource(runtime.Stopping);
    }

    public SubscriptionInfo Info { get; }

    public StreamProviderRuntime Runtime => _runtime;

    public string Consumer => StreamKeys.InboxId(_runtime.Name, Info.Id).ToString();

    public void Start() => _loop = _runtime.StartLoop(PollAsync);

    /// <summary>Attaches another observer; with <paramref name="keepPosition"/> it goes on from the tokens the previous one was given.</summary>
    public void Replace(IObserverAdapter observer, bool keepPosition)
    {
        if (keepPosition)
        {
            observer.ContinueFrom(_observer);
        }

        _observer = observer;
    }

    /// <summary>
    /// Stops polling and waits for the loop (an observer callback in progress finishes first). With
    /// <paramref name="reason"/> (the client is going away, not an unsubscribe), the observer hears it through
    /// <see cref="IAsyncObserver{T}.OnErrorAsync"/>, so a reader waiting for the next event ends.
    /// </summary>
    public async Task StopAsync(string? reason = null)
    {
        if (!_stop.IsCancellationRequested)
        {
            await _runtime.CancelAsync(_stop).ConfigureAwait(false);
        }

        if (_loop is { } loop)
        {
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stop.Dispose();
        if (reason is not null)
        {
            await NotifyEndedAsync(reason).ConfigureAwait(false);
        }
    }

    /// <summary>Tells the observer, once, that the subscription ended without an unsubscribe.</summary>
    private async Task NotifyEndedAsync(string reason)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }

        var ended = new StreamDelivery
        {
            Provider = _runtime.Name,
            Namespace = Info.Stream.Namespace,
            Key = Info.Stream.Key,
            SubscriptionId = Info.Id,
            Kind = StreamDeliveryKind.Error,
            Error = reason,
        };
        await _observer.DeliverAsync(ended, _runtime).ConfigureAwait(false);
    }

    /// <summary>Tells the inbox to refuse further deliveries and release itself; best effort.</summary>
    public Task CloseInboxAsync() => _inbox.CloseAsync();

    private async Task PollAsync()
    {
        await PollUntilStoppedAsync().ConfigureAwait(false);
        if (_runtime.Stopping.IsCancellationRequested)
        {
            // The silo or client shut down under the subscription: a reader waiting for the next event must end.
            await NotifyEndedAsync($"Subscription {Info.Id:N} ended: its client (or silo) shut down.").ConfigureAwait(false);
        }
    }

    private async Task PollUntilStoppedAsync()
    {
        var token = _stop.Token;
        var options = _runtime.Options;
        // A poll is answered within ClientPollWait. One that is not (its inbox's silo died with it, a frame was lost) is
        // given up well before the lease: the inbox re-activates on a live silo, maybe already holding new deliveries,
        // and drops its subscription if not polled within ClientLeaseTimeout — a poll left to the call's own timeout
        // (a minute) would let it expire under a live subscriber.
        var pollLimit = options.ClientPollWait + ((options.ClientLeaseTimeout - options.ClientPollWait) / 2);
        while (!token.IsCancellationRequested)
        {
            StreamDelivery[] deliveries;
            using var limit = new CancellationTokenSource(pollLimit, _runtime.Time);
            using var poll = CancellationTokenSource.CreateLinkedTokenSource(token, limit.Token);
            try
            {
                deliveries = await _inbox.PollAsync(MaxDeliveriesPerPoll, options.ClientPollWait, poll.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (StreamSubscriptionExpiredException exception)
            {
                // The inbox gave up on this subscriber (not polled within the lease): the streams dropped it too.
                await NotifyEndedAsync(exception.Message).ConfigureAwait(false);
                return;
            }
            catch (Exception exception)
            {
                // The inbox's silo left (it re-activates on a live one), or a call timed out: poll again shortly.
                StreamLog.PollFailed(_runtime.Logger, exception, Info.Id, Info.Stream);
                try
                {
                    await Task.Delay(RetryDelay, _runtime.Time, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            foreach (var delivery in deliveries)
            {
                if (token.IsCancellationRequested)
                {
                    return;
                }

                await _observer.DeliverAsync(delivery, _runtime).ConfigureAwait(false);
            }
        }
    }
}
