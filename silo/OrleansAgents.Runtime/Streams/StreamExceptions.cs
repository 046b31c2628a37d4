namespace OrleansAgents.Runtime;

/// <summary>A delivery reached an inbox whose subscriber is gone (closed, or not polled within the lease): drop the subscription.</summary>
internal sealed class StreamSubscriptionExpiredException(string message) : Exception(message);

/// <summary>A delivery reached a grain that has not attached an observer to the subscription in its current activation.</summary>
internal sealed class StreamObserverNotAttachedException(string message) : Exception(message);
