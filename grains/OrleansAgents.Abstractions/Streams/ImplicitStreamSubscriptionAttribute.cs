namespace OrleansAgents.Streams;

/// <summary>
/// Subscribes a grain class implicitly to every stream of a namespace: an event on stream <c>(namespace, key)</c>
/// activates the grain whose (string) key is the stream key. The grain attaches its observer in
/// <c>OnActivateAsync</c> by calling <see cref="IAsyncStream{T}.SubscribeAsync(IAsyncObserver{T}, StreamSequenceToken?)"/>
/// on that stream, which returns the implicit subscription rather than creating another one.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ImplicitStreamSubscriptionAttribute(string @namespace) : Attribute
{
    /// <summary>The stream namespace.</summary>
    public string Namespace { get; } = @namespace;
}
