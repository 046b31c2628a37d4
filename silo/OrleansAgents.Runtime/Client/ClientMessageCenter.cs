using Microsoft.Extensions.Logging;

namespace OrleansAgents.Runtime;

/// <summary>The message center of a client: every request goes to the silo that owns its target.</summary>
internal sealed class ClientMessageCenter(
    SiloAddress address,
    IMessageTransport transport,
    IClusterViewProvider membership,
    IGrainTypeResolver resolver,
    TimeProvider time,
    MessagingOptions options,
    ILogger logger)
    : MessageCenter(address, transport, membership, resolver, time, options, logger)
{
    protected override void DeliverLocal(Message message) =>
        Fail(message, new InvalidOperationException($"A client cannot host grain {message.Target}."));
}
