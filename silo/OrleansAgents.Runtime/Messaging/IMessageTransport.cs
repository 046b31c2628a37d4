namespace OrleansAgents.Runtime;

/// <summary>Moves framed messages between silos and clients.</summary>
internal interface IMessageTransport
{
    /// <summary>Starts receiving frames addressed to <paramref name="address"/>.</summary>
    void Start(SiloAddress address, Action<byte[]> onFrame);

    /// <summary>Sends one frame. Returns <c>false</c> when the target refused it (no such endpoint).</summary>
    bool TrySend(SiloAddress target, byte[] frame);

    /// <summary>Checks that a silo answers.</summary>
    ValueTask<bool> PingAsync(SiloAddress target, CancellationToken cancellationToken);

    /// <summary>Stops receiving; later sends to this address are refused.</summary>
    void Stop();
}
