namespace OrleansAgents.Runtime;

/// <summary>Supplies the current cluster view to routing, placement and the reminder service.</summary>
internal interface IClusterViewProvider
{
    ClusterView View { get; }

    /// <summary>Raised after <see cref="View"/> changed membership.</summary>
    event Action<ClusterView>? ViewChanged;

    /// <summary>Re-reads the membership table now.</summary>
    Task RefreshAsync(CancellationToken cancellationToken);

    /// <summary>Tells the provider that a send to <paramref name="silo"/> was refused.</summary>
    Task ReportUnreachableAsync(SiloAddress silo, CancellationToken cancellationToken);
}
