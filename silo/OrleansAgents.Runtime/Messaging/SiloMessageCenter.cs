using Microsoft.Extensions.Logging;

namespace OrleansAgents.Runtime;

/// <summary>The message center of a silo: requests for grains this silo owns go to its catalog.</summary>
internal sealed class SiloMessageCenter(
    SiloAddress address,
    IMessageTransport transport,
    MembershipService membership,
    GrainTypeRegistry registry,
    Catalog catalog,
    TimeProvider time,
    MessagingOptions options,
    ILogger<SiloMessageCenter> logger)
    : MessageCenter(address, transport, membership, registry, time, options, logger)
{
    protected override void DeliverLocal(Message message) => catalog.Deliver(message);
}
