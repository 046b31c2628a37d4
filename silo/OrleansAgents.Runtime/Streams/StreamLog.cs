using Microsoft.Extensions.Logging;
using OrleansAgents.Streams;

namespace OrleansAgents.Runtime;

/// <summary>The streaming log messages (event ids 7001-7099).</summary>
internal static partial class StreamLog
{
    [LoggerMessage(7001, LogLevel.Warning, "Observer of subscription {SubscriptionId} on {Stream} threw; delivery goes on")]
    public static partial void ObserverFailed(ILogger logger, Exception exception, Guid subscriptionId, StreamId stream);

    [LoggerMessage(7002, LogLevel.Error, "An event of {Stream} could not be read as {Type} for subscription {SubscriptionId}; skipped")]
    public static partial void EventUnreadable(ILogger logger, Exception exception, Guid subscriptionId, StreamId stream, string type);

    [LoggerMessage(7003, LogLevel.Error, "{Count} event(s) of {Stream} could not be delivered to {Consumer} (subscription {SubscriptionId}) after {Attempts} attempt(s); given up")]
    public static partial void DeliveryFailed(ILogger logger, Exception exception, int count, StreamId stream, string consumer, Guid subscriptionId, int attempts);

    [LoggerMessage(7004, LogLevel.Information, "Subscription {SubscriptionId} on {Stream} expired (its client is gone); removed")]
    public static partial void SubscriptionExpired(ILogger logger, Guid subscriptionId, StreamId stream);

    [LoggerMessage(7005, LogLevel.Warning, "Stream {Stream} stopped with {Count} event(s) still queued for subscription {SubscriptionId}")]
    public static partial void UndeliveredOnStop(ILogger logger, Guid subscriptionId, StreamId stream, int count);

    [LoggerMessage(7006, LogLevel.Warning, "Polling subscription {SubscriptionId} on {Stream} failed; polling again")]
    public static partial void PollFailed(ILogger logger, Exception exception, Guid subscriptionId, StreamId stream);

    [LoggerMessage(7007, LogLevel.Warning, "Unsubscribing {SubscriptionId} from {Stream} at shutdown failed")]
    public static partial void UnsubscribeFailed(ILogger logger, Exception exception, Guid subscriptionId, StreamId stream);

    [LoggerMessage(7008, LogLevel.Warning, "Pattern registry {Registry} could not notify stream {Stream}")]
    public static partial void PatternNotifyFailed(ILogger logger, Exception exception, string registry, string stream);
}
