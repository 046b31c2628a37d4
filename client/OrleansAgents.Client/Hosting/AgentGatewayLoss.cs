namespace OrleansAgents.Hosting;

/// <summary>
/// Signals that the client lost a gateway connection (registered by <see cref="AgentClientBuilderExtensions.AddAgentClient"/>).
/// Orleans fails a call whose gateway died only when its response timeout expires (a wait's is 90 s); a wait of
/// <see cref="Agents.AgentClient"/> watches this signal instead: it waits again through the remaining gateways, or
/// fails at once when none is left, since waiting again is safe.
/// </summary>
internal sealed class AgentGatewayLoss : IClusterConnectionStatusObserver
{
    private CancellationTokenSource _lost = new();
    private int _gateways = -1;

    /// <summary>Whether the client has no gateway connection left (after it had one).</summary>
    public bool NoGatewayLeft => Volatile.Read(ref _gateways) == 0;

    /// <summary>Cancelled when a gateway connection closes after the token was taken.</summary>
    public CancellationToken Token => Volatile.Read(ref _lost).Token;

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        Volatile.Write(ref _gateways, currentNumberOfGateways);
        if (currentNumberOfGateways < previousNumberOfGateways)
        {
            Trip();
        }
    }

    public void NotifyClusterConnectionLost()
    {
        Volatile.Write(ref _gateways, 0);
        Trip();
    }

    private void Trip()
    {
        var lost = Interlocked.Exchange(ref _lost, new CancellationTokenSource());
        lost.Cancel();
    }
}
