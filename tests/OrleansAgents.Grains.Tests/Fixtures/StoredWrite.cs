namespace OrleansAgents.Grains.Tests.Fixtures;

/// <summary>One grain state write that storage accepted.</summary>
/// <param name="Sequence">The order in which storage accepted it, cluster-wide.</param>
/// <param name="StateName">The state's name.</param>
/// <param name="GrainId">The grain.</param>
/// <param name="Json">The state as written.</param>
public sealed record StoredWrite(long Sequence, string StateName, GrainId GrainId, byte[] Json);
