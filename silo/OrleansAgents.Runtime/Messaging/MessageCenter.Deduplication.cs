namespace OrleansAgents.Runtime;

/// <summary>
/// Request de-duplication, for networks that may deliver a frame twice (the simulation's, with duplication on). A
/// request is known by (sender, id, forward count) until its deadline; a second copy is dropped. A request this
/// runtime rejects (it is stopping) is forgotten, so the caller's re-send is accepted. Off (no cost) unless the
/// simulation asks for it.
/// </summary>
internal abstract partial class MessageCenter
{
    private readonly Dictionary<(SiloAddress Sender, long Id, int Forwards), long> _received = [];

    private bool IsDuplicate(WireMessage wire, SiloAddress sender)
    {
        if (Simulation is not { DeduplicateRequests: true })
        {
            return false;
        }

        var expires = DeadlineAfter(TimeSpan.FromMilliseconds(Math.Max(1, wire.TimeoutMs)));
        lock (_received)
        {
            if (!_received.TryAdd((sender, wire.Id, wire.Forwards), expires))
            {
                Log.DuplicateRequestDropped(_logger, wire.Id, sender);
                return true;
            }
        }

        return false;
    }

    private void ForgetReceived(Message request)
    {
        if (Simulation is not { DeduplicateRequests: true } || request.Sender is null)
        {
            return;
        }

        lock (_received)
        {
            _received.Remove((request.Sender, request.Id, request.ForwardCount));
        }
    }

    private void PruneReceived(long now)
    {
        if (Simulation is not { DeduplicateRequests: true })
        {
            return;
        }

        lock (_received)
        {
            foreach (var (key, expires) in _received)
            {
                if (expires <= now)
                {
                    _received.Remove(key);
                }
            }
        }
    }
}
