namespace OrleansAgents.Runtime;

/// <summary>
/// Decides how the in-memory network delivers a frame: when, how many times, or not at all. A simulation installs one
/// to inject delay, reordering, drops and duplicates; without one, frames go to the receiver's inbox at once, in order.
/// </summary>
internal interface INetworkConditioner
{
    /// <summary>Takes a frame from <paramref name="sender"/> for <paramref name="target"/>; <paramref name="deliver"/> hands it over (a no-op once the target stopped).</summary>
    void Send(SiloAddress sender, SiloAddress target, byte[] frame, Action<byte[]> deliver);
}
