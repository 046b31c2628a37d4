namespace OrleansAgents.Runtime;

/// <summary>One silo's row in the membership table.</summary>
/// <param name="Silo">The silo's address.</param>
/// <param name="SiloName">The silo's configured name.</param>
/// <param name="Status">The silo's status.</param>
/// <param name="StartTime">When the silo started.</param>
/// <param name="IAmAliveTime">When the silo last wrote its heartbeat.</param>
public sealed record MembershipEntry(
    SiloAddress Silo,
    string SiloName,
    SiloStatus Status,
    DateTimeOffset StartTime,
    DateTimeOffset IAmAliveTime);
