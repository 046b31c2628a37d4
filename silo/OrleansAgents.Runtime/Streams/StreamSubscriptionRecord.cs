namespace OrleansAgents.Runtime;

/// <summary>
/// A subscription as the pub-sub store keeps it: its id, the consumer grain (a user grain, or the inbox grain of a
/// client subscription) and, for a pattern subscription, the key pattern.
/// </summary>
/// <param name="Id">The subscription id.</param>
/// <param name="Consumer">The consumer's grain id in <c>type/key</c> form.</param>
/// <param name="Pattern">The key pattern; <c>null</c> for a subscription to one stream.</param>
internal sealed record StreamSubscriptionRecord(Guid Id, string Consumer, string? Pattern = null)
{
    public GrainId ConsumerId => GrainId.Parse(Consumer);
}
