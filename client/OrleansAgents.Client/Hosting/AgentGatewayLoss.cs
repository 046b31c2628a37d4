namespace OrleansAgents.Hosting;

/// <summary>
/// Signals that the client lost a gateway connection (registered by <see cref="AgentClientBuilderExtensions.AddAgentClient"/>).
/// Orleans fails a call whose gateway died only when its response timeout expires (a wait's is 90 s); a wait of
/// <see cref="Agents.AgentClient"/> watches this signal instead and fails at once, since waiting again is safe.
/// </summary>
internal sealed class AgentGatewayLoss : IClusterConnectionStatusObserver
{
    private CancellationTokenSource _lost = new();

    /// <summary>Cancelled when a gateway connection closes after the token was taken.</summary>
    public CancellationToken Token => Volatile.Read(ref _lost).Token;

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        if (currentNumberOfGateways < previousNumberOfGateways)
        {
            Trip();
        }
    }

    public void NotifyClusterConnectionLost() => Trip();

    private void Trip()
    {
        var lost = Interlocked.Exchange(ref _lost, new CancellationTokenSource());
        lost.Cancel();
    }
}
