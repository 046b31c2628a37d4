using Orleans.Runtime;

namespace OrleansAgents.Testing;

/// <summary>A write the store applied, as the fault-injecting storage saw it.</summary>
/// <param name="Sequence">Its place among the cluster's applied writes (1 for the first).</param>
/// <param name="Provider">The storage provider's name.</param>
/// <param name="StateName">The grain state's name.</param>
/// <param name="GrainId">The grain.</param>
/// <param name="State">A deep copy of the state written.</param>
/// <param name="ReportedAsTimedOut">Whether the writer was told it timed out (it landed anyway).</param>
/// <param name="Silo">The silo that wrote it.</param>
/// <param name="At">The cluster clock's time when it landed.</param>
public sealed record StorageWrite(long Sequence, string Provider, string StateName, GrainId GrainId, object? State, bool ReportedAsTimedOut, SiloAddress Silo, DateTimeOffset At);
