using System.Collections.Concurrent;
using OrleansAgents.Streams;

namespace OrleansAgents.Runtime;

/// <summary>
/// The consumer side of a client (or of a silo's non-grain code such as agents): every subscription gets an inbox
/// grain that the streams deliver to and a local loop that polls it. Subscriptions end with <see cref="DisposeAsync"/>.
/// </summary>
internal sealed class InboxStreamConsumer : StreamConsumerBinding, IAsyncDisposable
{
    private static readonly TimeSpan UnsubscribeOnDisposeTimeout = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<Guid, InboxSubscription> _subscriptions = new();
    private volatile bool _disposed;

    public override Task<StreamSubscriptionHandle<T>> SubscribeAsync<T>(StreamProviderRuntime runtime, StreamId stream, IAsyncObserver<T> observer, StreamSequenceToken? token) =>
        AddAsync(runtime, new SubscriptionInfo(runtime.NewId(), stream, null), observer, token);

    public override Task<StreamSubscriptionHandle<T>> SubscribeToPatternAsync<T>(StreamProviderRuntime runtime, string @namespace, string pattern, IAsyncObserver<T> observer)
    {
        ValidatePattern(pattern);
        return AddAsync(runtime, PatternInfo(runtime.NewId(), @namespace, pattern), observer, null);
    }

    public override Task<IList<StreamSubscriptionHandle<T>>> GetHandlesAsync<T>(StreamProviderRuntime runtime, StreamId stream) =>
        Task.FromResult<IList<StreamSubscriptionHandle<T>>>([.. _subscriptions.Values
            .Where(s => s.Info.Pattern is null && s.Info.Stream == stream)
            .Select(s => new SubscriptionHandle<T>(runtime, this, s.Info))]);

    public override Task<IList<StreamSubscriptionHandle<T>>> GetPatternHandlesAsync<T>(StreamProviderRuntime runtime, string @namespace) =>
        Task.FromResult<IList<StreamSubscriptionHandle<T>>>([.. _subscriptions.Values
            .Where(s => s.Info.Pattern is not null && s.Info.Stream.Namespace == @namespace)
            .Select(s => new SubscriptionHandle<T>(runtime, this, s.Info))]);

    public override async Task UnsubscribeAsync(StreamProviderRuntime runtime, SubscriptionInfo subscription)
    {
        if (!_subscriptions.TryRemove(subscription.Id, out var local))
        {
            return;
        }

        try
        {
            await UnsubscribeRemoteAsync(runtime, subscription).ConfigureAwait(false);
        }
        finally
        {
            await local.StopAsync().ConfigureAwait(false);
            local.CloseInboxAsync().Forget();
        }
    }

    public override async Task ResumeAsync<T>(StreamProviderRuntime runtime, SubscriptionInfo subscription, IAsyncObserver<T> observer, StreamSequenceToken? token)
    {
        if (!_subscriptions.TryGetValue(subscription.Id, out var local))
        {
            throw new InvalidOperationException($"Subscription {subscription.Id:N} is not held by this client (it was unsubscribed, or the client was disposed).");
        }

        local.Replace(new ObserverAdapter<T>(observer), keepPosition: token is null);
        if (token is not null)
        {
            await SubscribeRemoteAsync(runtime, subscription, local.Consumer, token).ConfigureAwait(false);
        }
    }

    /// <summary>Stops every poll loop at once, then tells the streams (bounded, best effort) that the subscriptions are gone.</summary>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        var subscriptions = _subscriptions.Values.ToArray();
        _subscriptions.Clear();
        if (subscriptions.Length == 0)
        {
            return;
        }

        await Task.WhenAll(subscriptions.Select(s => s.StopAsync($"Subscription {s.Info.Id:N} ended: its client (or silo) shut down."))).ConfigureAwait(false);
        var cleanup = Task.WhenAll(subscriptions.Select(UnsubscribeQuietlyAsync));
        await cleanup.WaitAsync(UnsubscribeOnDisposeTimeout, subscriptions[0].Runtime.Time).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task<StreamSubscriptionHandle<T>> AddAsync<T>(StreamProviderRuntime runtime, SubscriptionInfo info, IAsyncObserver<T> observer, StreamSequenceToken? token)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var local = new InboxSubscription(runtime, info, new ObserverAdapter<T>(observer));
        _subscriptions[info.Id] = local;
        local.Start();
        try
        {
            await SubscribeRemoteAsync(runtime, info, local.Consumer, token).ConfigureAwait(false);
        }
        catch
        {
            _subscriptions.TryRemove(info.Id, out _);
            await local.StopAsync().ConfigureAwait(false);
            local.CloseInboxAsync().Forget();
            throw;
        }

        return new SubscriptionHandle<T>(runtime, this, info);
    }

    private static async Task UnsubscribeQuietlyAsync(InboxSubscription subscription)
    {
        try
        {
            await UnsubscribeRemoteAsync(subscription.Runtime, subscription.Info).ConfigureAwait(false);
            await subscription.CloseInboxAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // The inbox expires by itself; a stream that still delivers to it then drops the subscription.
            StreamLog.UnsubscribeFailed(subscription.Runtime.Logger, exception, subscription.Info.Id, subscription.Info.Stream);
        }
    }
}
