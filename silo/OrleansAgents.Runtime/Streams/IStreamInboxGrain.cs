namespace OrleansAgents.Runtime;

/// <summary>
/// The consumer grain of one subscription made by a client (or by agent code outside a grain): streams deliver to it
/// like to any grain, and the subscriber's process long-polls it. Bounded, so a slow reader pushes back on the
/// streams; expires when not polled for a lease period, so a vanished client cannot hold publishers up for long.
/// </summary>
internal interface IStreamInboxGrain : IGrainWithStringKey
{
    /// <summary>Waits up to <paramref name="wait"/> for deliveries and returns at most <paramref name="max"/> (possibly none).</summary>
    [ResponseTimeout("00:01:00")]
    Task<StreamDelivery[]> PollAsync(int max, TimeSpan wait, CancellationToken cancellationToken);

    /// <summary>Ends the inbox: later deliveries are refused and the activation is released.</summary>
    Task CloseAsync();
}
