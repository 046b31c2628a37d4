namespace OrleansAgents.Runtime;

/// <summary>
/// The system interface every grain answers (the <see cref="Grain"/> base class implements it): a stream delivers
/// events to a subscribed grain through it, as an ordinary request, so delivery activates the grain if needed and
/// runs as one of its turns. Not a user-facing grain interface.
/// </summary>
internal interface IStreamConsumerGrain : IAddressable
{
    /// <summary>Hands one batch of one subscription to the grain's observer.</summary>
    Task DeliverAsync(StreamDelivery delivery);
}
