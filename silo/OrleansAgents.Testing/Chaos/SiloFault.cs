namespace OrleansAgents.Testing;

/// <summary>A silo fault at a point of virtual time (see <see cref="ChaosController.PlanSiloFaults"/>).</summary>
/// <param name="At">When, counted from the start of <see cref="ChaosController.RunAsync"/>, on the cluster's clock.</param>
/// <param name="Kind">Kill, stop or restart.</param>
/// <param name="Victim">Which silo: the index among the silos other than the first, modulo their number when it happens.</param>
public sealed record SiloFault(TimeSpan At, SiloFaultKind Kind, int Victim);
